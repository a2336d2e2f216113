// A concept's papers: the papers that mention a concept, most mentions first.
// Parameters: $concept (string: a Concept id such as 'concept:optimal-transport', its name or
// any of its surface forms such as 'OT', in any case; a form several concepts share gives
// the papers of each).
// How: the id by a unique-index seek; names and surface forms through the entity_names
// full-text index (the whole value as one phrase), keeping the concepts whose name or a
// surface form equals it.
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param concept => 'OT';
CALL () {
  MATCH (c:Concept {id: $concept})
  RETURN c
  UNION
  CALL db.index.fulltext.queryNodes('entity_names', '"' + replace(replace($concept, '\\', '\\\\'), '"', '\\"') + '"')
  YIELD node AS c
  WHERE c:Concept
    AND (toLower(c.name) = toLower($concept) OR any(form IN c.surface_forms WHERE toLower(form) = toLower($concept)))
  RETURN c
}
MATCH (p:Paper)-[r:MENTIONS]->(c)
RETURN c.id AS concept, p.id AS id, p.title AS title, r.count AS mentions
ORDER BY concept, mentions DESC, id;
