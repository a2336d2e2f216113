// Related papers: the papers linked to a paper by RELATED_TO (shared entities, rare ones
// weighted more), strongest first, with the shared entities that explain each link.
// Twin of `graphbuild related PAPER --top N`.
// Parameters: $paper_id (string, a Paper id), $top (integer).
// Example:
//   :param paper_id => 'paper:6b3a3f5e3cbd';
//   :param top => 10;
MATCH (p:Paper {id: $paper_id})-[r:RELATED_TO]-(other:Paper)
RETURN other.id AS id, other.title AS title, r.weight AS weight, r.shared AS shared
ORDER BY weight DESC, id
LIMIT $top;
