// Paper neighborhood: every node within $hops hops (1 to 3) of a paper, with its distance.
// Parameters: $paper_id (string, a Paper id), $hops (integer 1..3).
// Example:
//   :param paper_id => 'paper:6b3a3f5e3cbd';
//   :param hops => 2;
MATCH (start:Paper {id: $paper_id})
MATCH path = (start)-[*1..3]-(n)
WHERE length(path) <= $hops AND n <> start
WITH n, min(length(path)) AS distance
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, distance
ORDER BY distance, id;
