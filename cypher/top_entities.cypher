// Most connected entities per label: for each entity label, the $limit entities linked to the
// most papers (ties broken by id).
// Parameters: $limit (integer).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param limit => 5;
MATCH (e)
WHERE NOT e:Paper
WITH e, labels(e)[0] AS label, COUNT { (e)<--(:Paper) } AS papers
ORDER BY label, papers DESC, e.id
WITH label, collect({id: e.id, name: e.name, papers: papers})[0..$limit] AS top
UNWIND top AS entity
RETURN label, entity.id AS id, entity.name AS name, entity.papers AS papers
ORDER BY label, papers DESC, id;
