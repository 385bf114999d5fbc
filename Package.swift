// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "NewsGraph",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "NewsGraph", targets: ["NewsGraph"]),
        .executable(name: "newsgraph", targets: ["newsgraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // SHA-256 blocks with the x86 SHA extensions, chosen at run time (content hashes).
        .target(name: "CSHA256"),
        // The typed graph: entities, actions, relations, provenance, IRIs.
        .target(name: "NewsGraphModel", dependencies: ["CSHA256"]),
        // Reading articles: text, HTML, JSON Lines (gzip); normalization with offset maps; boilerplate.
        .target(name: "NewsGraphIngest", dependencies: ["NewsGraphModel", "CLibXML2", "CZlib"]),
        // Sentence segmentation and tokenization.
        .target(name: "NewsGraphText", dependencies: ["NewsGraphModel"]),
        // Gazetteer, entity mentions and entity resolution.
        .target(name: "NewsGraphEntities", dependencies: [
            "NewsGraphModel", "NewsGraphText",
            .product(name: "OrderedCollections", package: "swift-collections"),
        ]),
        // Action triggers, arguments, factuality, dates.
        .target(name: "NewsGraphActions", dependencies: ["NewsGraphModel", "NewsGraphText", "NewsGraphEntities"]),
        // The embedded SQLite store.
        .target(name: "NewsGraphStore", dependencies: [
            "NewsGraphModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C API, which GRDB wraps: exports read the mention rows from it directly.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Streaming writers: GraphML, RDF/XML, JSON-LD, N-Triples, Turtle.
        .target(name: "NewsGraphExport", dependencies: ["NewsGraphModel", "CLibXML2"]),
        // The query language and its evaluation over the store.
        .target(name: "NewsGraphQuery", dependencies: ["NewsGraphModel", "NewsGraphStore"]),
        // The pipeline: ingest -> text -> entities -> actions -> store -> exports.
        .target(name: "NewsGraph", dependencies: [
            "NewsGraphModel", "NewsGraphIngest", "NewsGraphText", "NewsGraphEntities",
            "NewsGraphActions", "NewsGraphStore", "NewsGraphExport", "NewsGraphQuery",
        ]),
        .executableTarget(name: "newsgraph", dependencies: [
            "NewsGraph",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(
            name: "NewsGraphTests",
            dependencies: ["NewsGraph", "CLibXML2", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]
        ),
        // Fixtures are read from the source tree (#filePath), not from the bundle.
        .testTarget(name: "NewsGraphCLITests", dependencies: ["NewsGraph"], exclude: ["Fixtures"], resources: [.copy("Snapshots")]),
    ]
)
