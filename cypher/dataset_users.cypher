// A dataset's users: every paper that uses or introduces a dataset, introducers first.
// Parameters: $dataset (string: a Dataset id such as 'dataset:cifar10', its name or any of
// its surface forms such as 'CIFAR10', in any case; a form several datasets share gives the
// papers of each).
// How: the id by a unique-index seek; names and surface forms through the entity_names
// full-text index (the whole value as one phrase), keeping the datasets whose name or a
// surface form equals it.
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param dataset => 'CIFAR-10';
CALL () {
  MATCH (d:Dataset {id: $dataset})
  RETURN d
  UNION
  CALL db.index.fulltext.queryNodes('entity_names', '"' + replace(replace($dataset, '\\', '\\\\'), '"', '\\"') + '"')
  YIELD node AS d
  WHERE d:Dataset
    AND (toLower(d.name) = toLower($dataset) OR any(form IN d.surface_forms WHERE toLower(form) = toLower($dataset)))
  RETURN d
}
MATCH (p:Paper)-[r:USES_DATASET|INTRODUCES]->(d)
RETURN d.id AS dataset, p.id AS id, p.title AS title, type(r) AS relationship
ORDER BY dataset, CASE relationship WHEN 'INTRODUCES' THEN 0 ELSE 1 END, id;
