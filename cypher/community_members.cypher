// A community and its papers, highest PageRank first. Twin of `graphbuild community ID`.
// Parameters: $community_id (string, e.g. 'community:0').
// Example: set by the :param lines below, so the file runs pasted into Neo4j Browser as it is.
:param community_id => 'community:0';
MATCH (c:Community {id: $community_id})<-[:IN_COMMUNITY]-(p:Paper)
RETURN c.name AS community, p.id AS id, p.title AS title, p.pagerank AS pagerank
ORDER BY pagerank DESC, id;
