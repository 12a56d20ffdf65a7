import Foundation
import ThreatTaxonomy

/// A taxonomy written to a fresh temporary folder: `taxonomy.yaml` plus any rule files.
struct Fixture {
    let folder: String

    init(_ main: String, files: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("cop-threats-taxonomy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/rules", withIntermediateDirectories: true)
        for (name, text) in files.merging(["taxonomy.yaml": main], uniquingKeysWith: { $1 }) {
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    var path: String { folder + "/taxonomy.yaml" }
    func path(_ name: String) -> String { folder + "/" + name }

    func check() -> TaxonomyCheck { TaxonomyLoader.check(path) }
}

/// A header declaring English only and one scheme; nodes start on line 6.
func header(_ nodes: String) -> String {
    """
    version: "1.0.0"
    languages: [en]
    schemes:
      eval: {title: Eval labels, version: "1"}
    nodes:
    \(nodes)
    """
}

/// A small valid taxonomy in two languages, its French rules in a rule file.
enum ValidFixture {
    static let main = """
        version: "1.2.0"
        name: Test tree
        languages: [en, fr]
        rule_files: [rules/fr.yaml]
        schemes:
          eval: {title: Eval labels, version: "1"}
          dsa: {title: DSA categories, version: "2", url: "https://example.org/dsa"}
        nodes:
          - id: abuse
            name: {en: Abuse, fr: Abus}
            definition: Any abuse of a child.
            crosswalks:
              dsa: [{code: PROTECTION_OF_MINORS, relation: broad}]
          - id: grooming
            parent: abuse
            name: {en: Grooming, fr: Pédopiégeage}
            definition: Grooming a child.
            threshold: 1.5
            crosswalks:
              eval: [{code: grooming, relation: exact}]
            rules:
              en:
                terms: [groom*, {term: asked for photos, weight: 0.5}, {term: café, exact: true}]
                exclude: [groomer*]
                near:
                  - {all: [send*, photo*], within: 6, weight: 1.0}
            examples:
              match:
                - {lang: en, text: "He keeps grooming her."}
              no_match:
                - {lang: en, text: "The dog groomer."}
          - id: bullying
            parent: abuse
            name: {en: Bullying, fr: Harcèlement}
            definition: Peer bullying.
            rules:
              en: {terms: [bully*]}
        """
    static let french = """
        language: fr
        nodes:
          grooming:
            terms: [pédopiégeage]
          bullying:
            terms: [harcel*]
            near:
              - {all: [moque*, école], sentence: true}
        """

    static func fixture() throws -> Fixture {
        try Fixture(main, files: ["rules/fr.yaml": french])
    }
}
