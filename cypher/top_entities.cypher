// Most connected entities per label: for each entity label (concepts, datasets, models,
// methods, repositories, references; not papers or communities), the $limit entities linked
// to the most distinct papers (a paper that both proposes and mentions a method counts once;
// ties broken by id).
// Parameters: $limit (integer).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param limit => 5;
MATCH (e:Concept|Dataset|Model|Method|Repository|Reference)
WITH e, labels(e)[0] AS label,
     COUNT { MATCH (p:Paper)-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES]->(e) RETURN DISTINCT p } AS papers
ORDER BY label, papers DESC, e.id
WITH label, collect({id: e.id, name: e.name, papers: papers})[0..$limit] AS top
UNWIND top AS entity
RETURN label, entity.id AS id, entity.name AS name, entity.papers AS papers
ORDER BY label, papers DESC, id;
