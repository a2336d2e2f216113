// Repositories of a paper's neighborhood: code of the paper itself and of every paper that
// shares an entity with it (two hops), with the paper each repository belongs to.
// Parameters: $paper_id (string, a Paper id).
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param paper_id => 'paper:b2d74c8d0dcf';
MATCH (p:Paper {id: $paper_id})
OPTIONAL MATCH (p)-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES]->(shared)
               <-[:MENTIONS|USES_DATASET|INTRODUCES|USES_MODEL|PROPOSES|HAS_CODE|CITES]-(q:Paper)
WITH p, collect(DISTINCT q) AS neighbours
UNWIND neighbours + [p] AS paper
MATCH (paper)-[:HAS_CODE]->(r:Repository)
RETURN DISTINCT r.id AS repository, paper.id AS paper_id, paper.title AS title
ORDER BY repository, paper_id;
