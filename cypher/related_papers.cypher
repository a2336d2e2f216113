// Related papers: the papers linked to a paper by RELATED_TO (shared entities, rare ones
// weighted more), strongest first, with the shared entities that explain each link.
// Twin of `graphbuild related PAPER --top N`.
// Parameters: $paper_id (string, a Paper id), $top (integer).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param paper_id => 'paper:b2d74c8d0dcf';
:param top => 10;
MATCH (p:Paper {id: $paper_id})-[r:RELATED_TO]-(other:Paper)
RETURN other.id AS id, other.title AS title, r.weight AS weight, r.shared AS shared
ORDER BY weight DESC, id
LIMIT $top;
