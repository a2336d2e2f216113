// Shortest path between two papers through shared entities (a paper, an entity they share,
// the next paper, …), at most 6 relationships long. The `path` column is drawn by Neo4j
// Browser's graph view.
// Parameters: $from_id, $to_id (strings, Paper ids).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param from_id => 'paper:b2d74c8d0dcf';
:param to_id => 'paper:0da43183769e';
MATCH (a:Paper {id: $from_id}), (b:Paper {id: $to_id})
MATCH path = shortestPath((a)-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES*..6]-(b))
RETURN path, [n IN nodes(path) | n.id] AS ids, [n IN nodes(path) | n.name] AS names, length(path) AS hops;
