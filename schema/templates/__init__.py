"""GraphQL of content templates: types, queries and mutations (``schema.templates.schema``)."""
