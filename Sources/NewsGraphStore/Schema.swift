import GRDB

/// The store's schema, as named, append-only migrations. Never edit a registered migration:
/// add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: articles, entities, mentions, actions, relations") { db in
            try db.execute(sql: """
                CREATE TABLE article (
                    id INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    title TEXT,
                    outlet TEXT,
                    published TEXT,
                    url TEXT,
                    metadata TEXT NOT NULL DEFAULT '{}',
                    text TEXT NOT NULL
                );
                CREATE INDEX article_source ON article(source);

                CREATE TABLE sentence (
                    id INTEGER PRIMARY KEY,
                    article INTEGER NOT NULL REFERENCES article(id),
                    start INTEGER NOT NULL,
                    "end" INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    UNIQUE (article, start, "end")
                );

                CREATE TABLE entity (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    label TEXT NOT NULL,
                    gazetteer TEXT,
                    latitude REAL,
                    longitude REAL,
                    confidence REAL NOT NULL
                );
                CREATE INDEX entity_type ON entity(type, key);

                CREATE TABLE alias (
                    entity INTEGER NOT NULL REFERENCES entity(id),
                    alias TEXT NOT NULL,
                    PRIMARY KEY (entity, alias)
                ) WITHOUT ROWID;
                CREATE INDEX alias_lookup ON alias(alias COLLATE NOCASE);

                CREATE TABLE same_as (
                    entity INTEGER NOT NULL REFERENCES entity(id),
                    iri TEXT NOT NULL,
                    PRIMARY KEY (entity, iri)
                ) WITHOUT ROWID;

                CREATE TABLE mention (
                    article INTEGER NOT NULL REFERENCES article(id),
                    start INTEGER NOT NULL,
                    "end" INTEGER NOT NULL,
                    entity INTEGER NOT NULL REFERENCES entity(id),
                    sentence INTEGER NOT NULL REFERENCES sentence(id),
                    PRIMARY KEY (article, start, "end", entity)
                ) WITHOUT ROWID;
                CREATE INDEX mention_entity ON mention(entity, article, sentence);

                -- One row per report of an action in a sentence.
                CREATE TABLE action_mention (
                    id INTEGER PRIMARY KEY,
                    grp TEXT NOT NULL,
                    type TEXT NOT NULL,
                    cameo TEXT NOT NULL,
                    plover TEXT NOT NULL,
                    agent INTEGER REFERENCES entity(id),
                    target INTEGER REFERENCES entity(id),
                    treaty INTEGER REFERENCES entity(id),
                    place INTEGER REFERENCES entity(id),
                    date TEXT,
                    modality TEXT NOT NULL,
                    historical INTEGER NOT NULL,
                    speaker INTEGER REFERENCES entity(id),
                    article INTEGER NOT NULL REFERENCES article(id),
                    sentence INTEGER NOT NULL REFERENCES sentence(id),
                    trigger_start INTEGER NOT NULL,
                    trigger_end INTEGER NOT NULL,
                    confidence REAL NOT NULL,
                    event INTEGER REFERENCES event(id)
                );
                CREATE INDEX action_mention_group ON action_mention(grp);
                CREATE INDEX action_mention_event ON action_mention(event, article);

                -- The real events: reports of one event merged (rebuilt per group on ingest).
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    grp TEXT NOT NULL,
                    type TEXT NOT NULL,
                    cameo TEXT NOT NULL,
                    plover TEXT NOT NULL,
                    agent INTEGER REFERENCES entity(id),
                    target INTEGER REFERENCES entity(id),
                    treaty INTEGER REFERENCES entity(id),
                    place INTEGER REFERENCES entity(id),
                    date TEXT,
                    modality TEXT NOT NULL,
                    historical INTEGER NOT NULL,
                    speaker INTEGER REFERENCES entity(id),
                    confidence REAL NOT NULL
                );
                CREATE INDEX event_group ON event(grp);
                CREATE INDEX event_agent ON event(agent, type, target);
                CREATE INDEX event_target ON event(target);

                CREATE TABLE relation (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    subject INTEGER NOT NULL REFERENCES entity(id),
                    object INTEGER NOT NULL REFERENCES entity(id),
                    role TEXT,
                    confidence REAL NOT NULL
                );
                CREATE INDEX relation_subject ON relation(subject);
                CREATE INDEX relation_object ON relation(object);

                CREATE TABLE relation_evidence (
                    relation INTEGER NOT NULL REFERENCES relation(id),
                    sentence INTEGER NOT NULL REFERENCES sentence(id),
                    article INTEGER NOT NULL REFERENCES article(id),
                    confidence REAL NOT NULL,
                    PRIMARY KEY (relation, sentence)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2: which side uses an alias") { db in
            try db.execute(sql: "ALTER TABLE alias ADD COLUMN used_by TEXT")
        }
        // The reports of a group not yet placed in an event: a new article's, found without
        // a pass over the group (which grows with the corpus).
        migrator.registerMigration("v3: reports waiting for their event") { db in
            try db.execute(sql: "CREATE INDEX action_mention_pending ON action_mention(grp) WHERE event IS NULL")
        }
        return migrator
    }
}
