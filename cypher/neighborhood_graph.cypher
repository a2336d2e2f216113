// Neighborhood as a graph: a node, everything within $hops hops (1 to 3) of it along the
// evidence relationships, and the evidence relationships among them, one row per
// relationship, for Neo4j Browser's graph view. Same nodes as paper_neighborhood.cypher,
// found the same way (an index seek, then one bounded step per hop).
// Parameters: $node_id (string, any node id, e.g. a Paper id), $hops (integer 1..3).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param node_id => 'paper:b2d74c8d0dcf';
:param hops => 2;
MATCH (start:Paper|Concept|Dataset|Model|Method|Repository|Reference|Community {id: $node_id})
CALL (start) {
  UNWIND CASE WHEN $hops >= 1 THEN [start] ELSE [] END AS a
  MATCH (a)-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES]-(b)
  RETURN collect(DISTINCT b) AS step1
}
CALL (step1) {
  UNWIND CASE WHEN $hops >= 2 THEN step1 ELSE [] END AS a
  MATCH (a)-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES]-(b)
  RETURN collect(DISTINCT b) AS step2
}
CALL (step2) {
  UNWIND CASE WHEN $hops >= 3 THEN step2 ELSE [] END AS a
  MATCH (a)-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES]-(b)
  RETURN collect(DISTINCT b) AS step3
}
UNWIND [start] + step1 + step2 + step3 AS node
WITH collect(DISTINCT node) AS nodes
UNWIND nodes AS a
MATCH (a)-[r:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES]->(b)
WHERE b IN nodes
RETURN a, r, b
ORDER BY a.id, type(r), b.id;
