// Papers that share a dataset with a given paper, with the shared datasets; most shared first.
// Parameters: $paper_id (string, a Paper id).
// Example:
//   :param paper_id => 'paper:6b3a3f5e3cbd';
MATCH (p:Paper {id: $paper_id})-[:USES_DATASET|INTRODUCES]->(d:Dataset)<-[:USES_DATASET|INTRODUCES]-(other:Paper)
WHERE other <> p
WITH other, collect(DISTINCT d.name) AS datasets
RETURN other.id AS id, other.title AS title, datasets, size(datasets) AS shared
ORDER BY shared DESC, id;
