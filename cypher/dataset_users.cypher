// A dataset's users: every paper that uses or introduces a dataset, introducers first.
// Parameters: $dataset (string: a Dataset id such as 'dataset:cifar10', or its name, any case).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param dataset => 'CIFAR-10';
MATCH (d:Dataset)
WHERE d.id = $dataset OR toLower(d.name) = toLower($dataset)
MATCH (p:Paper)-[r:USES_DATASET|INTRODUCES]->(d)
RETURN p.id AS id, p.title AS title, type(r) AS relationship
ORDER BY CASE relationship WHEN 'INTRODUCES' THEN 0 ELSE 1 END, id;
