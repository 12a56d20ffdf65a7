// swift-tools-version: 6.1
// A libFuzzer target for the feed importer, in its own package so that the main build never
// sees the fuzzer flags. See README.md for the command.
import PackageDescription

let package = Package(
    name: "cop-threats-fuzz",
    dependencies: [.package(name: "cop-threats", path: "..")],
    targets: [
        .executableTarget(
            name: "FeedFuzzer",
            dependencies: [.product(name: "FeedImport", package: "cop-threats")],
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])])
    ]
)
