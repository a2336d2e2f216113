// Shortest path between two papers through shared entities (a paper, an entity they share,
// the next paper, …), at most 6 relationships long.
// Parameters: $from_id, $to_id (strings, Paper ids).
// Example:
//   :param from_id => 'paper:6b3a3f5e3cbd';
//   :param to_id => 'paper:0da43183769e';
MATCH (a:Paper {id: $from_id}), (b:Paper {id: $to_id})
MATCH path = shortestPath((a)-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES*..6]-(b))
RETURN [n IN nodes(path) | n.id] AS ids, [n IN nodes(path) | n.name] AS names, length(path) AS hops;
