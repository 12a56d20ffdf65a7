// swift-tools-version: 6.1
// libFuzzer targets for the feed importer and for the record readers and taxonomy loader, in its own package so that the main build never
// sees the fuzzer flags. See README.md for the command.
import PackageDescription

let package = Package(
    name: "cop-threats-fuzz",
    dependencies: [.package(name: "cop-threats", path: "..")],
    targets: [
        // libFuzzer's driver, called from each target's entry point.
        .target(name: "FuzzDriver", swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "FeedFuzzer",
            dependencies: ["FuzzDriver", .product(name: "FeedImport", package: "cop-threats")],
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]),
        // JSON Lines and CSV readers and the taxonomy loader and compiler.
        .executableTarget(
            name: "InputFuzzer",
            dependencies: [
                "FuzzDriver", .product(name: "ReportIO", package: "cop-threats"), .product(name: "ThreatRules", package: "cop-threats"),
                .product(name: "ThreatTaxonomy", package: "cop-threats"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]),
    ]
)
