// Everything about one node: its properties and every relationship with the node at the
// other end. Twin of `graphbuild show NAME`. The node is found by a unique-index seek per
// label (every label is named: a node without one would need a scan of all nodes).
// Parameters: $node_id (string, any node id).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param node_id => 'dataset:cifar10';
MATCH (n:Paper|Concept|Dataset|Model|Method|Repository|Reference|Community {id: $node_id})-[r]-(other)
RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS properties,
       CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       type(r) AS type, other.id AS other_id, other.name AS other_name
ORDER BY direction, type, other_id;
