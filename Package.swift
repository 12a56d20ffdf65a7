// swift-tools-version: 6.1
import PackageDescription

/// One set of settings for every target: Swift 6 language mode, strict concurrency,
/// explicit `any`, and imports that stay internal unless a module re-exports on purpose.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// The rule compiler and matcher are optimised in debug builds too: the test suite compiles the
/// shipped rules dozens of times (each CLI test runs the tool), and unoptimised that takes
/// minutes per compile.
let optimisedInDebug: [SwiftSetting] = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "cop-threats",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cop-threats", targets: ["cop-threats"]),
        .library(name: "SafeYAML", targets: ["SafeYAML"]),
        .library(name: "TextFormats", targets: ["TextFormats"]),
        .library(name: "ThreatTaxonomy", targets: ["ThreatTaxonomy"]),
        .library(name: "ThreatRules", targets: ["ThreatRules"]),
        .library(name: "ReportIO", targets: ["ReportIO"]),
        .library(name: "FeedImport", targets: ["FeedImport"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // YAML as every file of the tool is read: anchors and aliases refused before composing,
        // typed readers that report every mistake located, with the line and a caret.
        .target(
            name: "SafeYAML",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        // Text written and cleaned one way by every module: the JSON writer, whitespace trimming.
        .target(name: "TextFormats", swiftSettings: optimisedInDebug),
        // Tree model, taxonomy file loading and validation, crosswalks. No C, no CLI.
        .target(
            name: "ThreatTaxonomy",
            dependencies: ["SafeYAML", "TextFormats", .product(name: "Yams", package: "Yams")],
            swiftSettings: optimisedInDebug),
        // Unicode folding of report text and rule terms into one comparable byte form.
        .target(name: "TextNormalization", swiftSettings: optimisedInDebug),
        // Taxonomy rules compiled into one automaton; the classifier (hot path).
        .target(
            name: "ThreatRules",
            dependencies: ["SafeYAML", "ThreatTaxonomy", "TextNormalization"],
            swiftSettings: optimisedInDebug),
        // zlib, for reading gzip-compressed batches.
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // The reader of each batch format (JSONL, CSV, text, gzip) and results out, streaming.
        .target(
            name: "ReportIO",
            dependencies: ["CZlib", "TextFormats"],
            swiftSettings: swiftSettings),
        // The system libxml2, behind a shim header.
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        // Partner XML feeds (IODEF v1/v2, mapped partner schemas) into report records.
        .target(
            name: "FeedImport",
            dependencies: [
                "CLibXML2", "ReportIO", "SafeYAML", "TextFormats", .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        // Classified output, summary counts, merging of shard summaries, renderers (table, CSV, JSON, Markdown).
        .target(
            name: "Reporting",
            dependencies: ["ThreatTaxonomy", "ThreatRules", "ReportIO", "TextFormats"],
            swiftSettings: swiftSettings),
        // The inputs of a batch, every format (folders and XML feeds included, feeds deduplicated),
        // and the batch run every command goes through: classified on the workers, outcomes handed
        // back in order as events.
        .target(
            name: "Pipeline",
            dependencies: ["ReportIO", "FeedImport", "ThreatRules", "Reporting"],
            swiftSettings: swiftSettings),
        // Precision / recall against labelled data, through a taxonomy crosswalk.
        .target(
            name: "Evaluation",
            dependencies: ["ThreatTaxonomy", "ThreatRules", "TextNormalization", "ReportIO", "Reporting", "Pipeline"],
            swiftSettings: swiftSettings),
        // The command-line tool: argument parsing, diagnostics on stderr, exit codes. Glue only.
        .executableTarget(
            name: "cop-threats",
            dependencies: [
                "SafeYAML", "TextFormats", "ThreatTaxonomy", "ThreatRules", "ReportIO", "FeedImport", "Reporting",
                "Pipeline", "Evaluation", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "TextFormatsTests", dependencies: ["TextFormats"], swiftSettings: swiftSettings),
        .testTarget(name: "ThreatTaxonomyTests", dependencies: ["ThreatTaxonomy", "SafeYAML"], swiftSettings: swiftSettings),
        .testTarget(name: "TextNormalizationTests", dependencies: ["TextNormalization"], swiftSettings: swiftSettings),
        .testTarget(name: "ThreatRulesTests", dependencies: ["ThreatRules", "ThreatTaxonomy", "SafeYAML", "TextNormalization"], swiftSettings: swiftSettings),
        .testTarget(name: "ReportIOTests", dependencies: ["ReportIO", "Pipeline"], swiftSettings: swiftSettings),
        .testTarget(name: "FeedImportTests", dependencies: ["FeedImport", "ReportIO", "SafeYAML"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Pipeline", "SafeYAML", "ThreatTaxonomy", "ThreatRules", "ReportIO"], swiftSettings: swiftSettings),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Reporting", "SafeYAML", "ThreatTaxonomy", "ThreatRules", "ReportIO"], swiftSettings: swiftSettings),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "SafeYAML", "ThreatTaxonomy", "ThreatRules", "ReportIO"], swiftSettings: swiftSettings),
        // End-to-end: runs the built `cop-threats` and checks stdout, stderr and exit codes.
        .testTarget(name: "CLITests", dependencies: ["cop-threats"], swiftSettings: swiftSettings),
    ]
)

// The statistical framework: a store of classified reports, indicators with disclosure control,
// and a page a ministry can publish. Kept as additions so the targets above read unchanged.
package.dependencies.append(.package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"))
package.products += [
    .library(name: "ReportStore", targets: ["ReportStore"]),
    .library(name: "Indicators", targets: ["Indicators"]),
    .library(name: "Publishing", targets: ["Publishing"]),
    .library(name: "Facets", targets: ["Facets"]),
]
package.targets += [
    // What a report's text says besides its threats: the platform or service it names.
    .target(name: "Facets", swiftSettings: swiftSettings),
    // Classified reports kept across runs in SQLite (GRDB): ingest, re-label, read back for counting.
    .target(
        name: "ReportStore",
        dependencies: [
            "SafeYAML", "ThreatTaxonomy", "ThreatRules", "ReportIO", "FeedImport", "Reporting", "Pipeline", "Facets",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams"),
        ],
        swiftSettings: swiftSettings),
    // Indicator definitions (Indicators/indicators.yaml), their computation, Wilson intervals,
    // comparisons between periods, rates per child population and disclosure control.
    .target(
        name: "Indicators",
        dependencies: ["SafeYAML", "TextFormats", "ThreatTaxonomy", "ReportStore", "Facets", .product(name: "Yams", package: "Yams")],
        swiftSettings: swiftSettings),
    // The static page a ministry can publish (HTML with inline SVG) and its data files.
    .target(
        name: "Publishing",
        dependencies: ["ThreatTaxonomy", "Indicators", "ReportStore", "Facets"],
        swiftSettings: swiftSettings),
    .testTarget(name: "ReportStoreTests", dependencies: ["ReportStore", "Pipeline", "ThreatRules", "ThreatTaxonomy", "ReportIO", "cop-threats"], swiftSettings: swiftSettings),
    .testTarget(name: "IndicatorsTests", dependencies: ["Indicators", "ReportStore", "SafeYAML", "ThreatTaxonomy"], swiftSettings: swiftSettings),
    .testTarget(name: "FacetsTests", dependencies: ["Facets"], swiftSettings: swiftSettings),
    .testTarget(name: "PublishingTests", dependencies: ["Publishing", "ReportStore", "cop-threats"], swiftSettings: swiftSettings),
]
if let tool = package.targets.first(where: { $0.name == "cop-threats" }) {
    tool.dependencies += ["ReportStore", "Indicators", "Publishing"]
}
