// Neighborhood as a graph: a node, everything within $hops hops (1 to 3) of it along the
// evidence relationships, and the evidence relationships among them, one row per
// relationship, for Neo4j Browser's graph view. Same nodes as paper_neighborhood.cypher,
// the start node found the same way (a unique-index seek per label).
// Parameters: $node_id (string, any node id, e.g. a Paper id), $hops (integer 1..3).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param node_id => 'paper:b2d74c8d0dcf';
:param hops => 2;
MATCH (start:Paper|Concept|Dataset|Model|Method|Repository|Reference|Community {id: $node_id})
OPTIONAL MATCH path = (start)-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES*1..3]-(n)
WHERE length(path) <= $hops AND n <> start
WITH start, collect(DISTINCT n) AS near
WITH [start] + near AS nodes
UNWIND nodes AS a
MATCH (a)-[r:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES]->(b)
WHERE b IN nodes
RETURN a, r, b
ORDER BY a.id, type(r), b.id;
