// Neighborhood: every node within $hops hops (1 to 3) of a node, following the evidence
// relationships (paper → concept, dataset, model, method, repository, reference), with its
// distance. Twin of `graphbuild neighbors NAME --hops K`. The start node is found by a
// unique-index seek per label (every label is named: a node without one would need a scan
// of all nodes).
// Parameters: $node_id (string, any node id, e.g. a Paper id), $hops (integer 1..3).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param node_id => 'paper:b2d74c8d0dcf';
:param hops => 2;
MATCH (start:Paper|Concept|Dataset|Model|Method|Repository|Reference|Community {id: $node_id})
MATCH path = (start)-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES*1..3]-(n)
WHERE length(path) <= $hops AND n <> start
WITH n, min(length(path)) AS distance
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, distance
ORDER BY distance, id;
