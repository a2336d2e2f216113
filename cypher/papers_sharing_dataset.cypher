// Papers that share a dataset with a given paper, with the shared datasets; most shared first.
// Parameters: $paper_id (string, a Paper id).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param paper_id => 'paper:b2d74c8d0dcf';
MATCH (p:Paper {id: $paper_id})-[:USES_DATASET|INTRODUCES]->(d:Dataset)<-[:USES_DATASET|INTRODUCES]-(other:Paper)
WHERE other <> p
WITH other, collect(DISTINCT d.name) AS datasets
RETURN other.id AS id, other.title AS title, datasets, size(datasets) AS shared
ORDER BY shared DESC, id;
