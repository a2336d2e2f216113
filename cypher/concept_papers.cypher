// A concept's papers: the papers that mention a concept, most mentions first.
// Parameters: $concept (string: a Concept id such as 'concept:optimal-transport', or its name, any case).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param concept => 'optimal transport';
MATCH (c:Concept)
WHERE c.id = $concept OR toLower(c.name) = toLower($concept)
MATCH (p:Paper)-[r:MENTIONS]->(c)
RETURN p.id AS id, p.title AS title, r.count AS mentions
ORDER BY mentions DESC, id;
