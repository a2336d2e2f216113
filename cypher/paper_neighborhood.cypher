// Neighborhood: every node within $hops hops (1 to 3) of a node, following the evidence
// relationships (paper → concept, dataset, model, method, repository, reference), with its
// distance. Twin of `graphbuild neighbors NAME --hops K`.
// How: the start node is found by a unique-index seek per label. Each step expands only the
// distinct nodes the step before reached (a hub is expanded once, not once per path through
// it), and a step past $hops expands nothing, since a variable-length pattern cannot take a
// parameter as its bound. A node's distance is the first step that reaches it.
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
UNWIND [[1, step1], [2, step2], [3, step3]] AS step
UNWIND step[1] AS n
WITH start, n, min(step[0]) AS distance
WHERE n <> start
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, distance
ORDER BY distance, id;
