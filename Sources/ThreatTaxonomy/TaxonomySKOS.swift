import TextFormats

/// The taxonomy as a SKOS concept scheme in Turtle, for thesaurus tools and linked-data partners.
///
/// IRIs: the scheme is `urn:cop-threats:taxonomy`, a node `urn:cop-threats:node:<id>` (ids never
/// change, so neither do the IRIs), a crosswalk scheme `urn:cop-threats:scheme:<key>`. The
/// external schemes publish no IRIs for their codes, so each code is a blank node with its
/// `skos:notation` and `skos:inScheme`, linked by the mapping property of the entry's relation.
extension Taxonomy {
    private static let skosSchemeIRI = "urn:cop-threats:taxonomy"
    private static let skosNodePrefix = "urn:cop-threats:node:"
    private static let skosCrosswalkPrefix = "urn:cop-threats:scheme:"

    /// One `skos:ConceptScheme` (title, version, top concepts), one `skos:Concept` per node (its
    /// name in each language as `skos:prefLabel`, its definition, broader, narrower and
    /// top-concept links, its crosswalk codes), and each crosswalk scheme it maps to.
    public func skosTurtle() -> String {
        var out = """
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix node: <\(Self.skosNodePrefix)> .

            <\(Self.skosSchemeIRI)> a skos:ConceptScheme ;
                dct:title \(Turtle.literal(name, language: "en")) ;
                owl:versionInfo \(Turtle.literal(version)) ;
                skos:hasTopConcept \(roots.map { "node:\($0.id)" }.joined(separator: ", ")) .

            """
        for node in nodes {
            var statements = ["a skos:Concept", "skos:inScheme <\(Self.skosSchemeIRI)>", "skos:notation \(Turtle.literal(node.id))"]
            let labels = languages.compactMap { language in node.names[language].map { Turtle.literal($0, language: language) } }
            if !labels.isEmpty { statements.append("skos:prefLabel " + labels.joined(separator: ", ")) }
            statements.append("skos:definition \(Turtle.literal(node.definition, language: "en"))")
            if let parent = node.parent {
                statements.append("skos:broader node:\(parent)")
            } else {
                statements.append("skos:topConceptOf <\(Self.skosSchemeIRI)>")
            }
            let children = self.children(of: node.id)
            if !children.isEmpty { statements.append("skos:narrower " + children.map { "node:\($0.id)" }.joined(separator: ", ")) }
            for (scheme, entries) in node.crosswalks.sorted(by: { $0.key < $1.key }) {
                for entry in entries {
                    statements.append("skos:\(entry.relation.skosProperty) [ skos:notation \(Turtle.literal(entry.code)) ; "
                        + "skos:inScheme \(Self.crosswalkIRI(scheme)) ]")
                }
            }
            out += "\nnode:\(node.id) " + statements.joined(separator: " ;\n    ") + " .\n"
        }
        for scheme in schemes.values.sorted(by: { $0.key < $1.key }) {
            var statements = ["a skos:ConceptScheme", "dct:title \(Turtle.literal(scheme.title, language: "en"))",
                              "owl:versionInfo \(Turtle.literal(scheme.version))"]
            if let url = scheme.url { statements.append("dct:source <\(Turtle.iri(url))>") }
            out += "\n\(Self.crosswalkIRI(scheme.key)) " + statements.joined(separator: " ;\n    ") + " .\n"
        }
        return out
    }

    private static func crosswalkIRI(_ key: String) -> String {
        "<\(skosCrosswalkPrefix)\(Turtle.iri(key))>"
    }
}

extension CrosswalkRelation {
    /// The SKOS mapping property of this relation (`exactMatch`, `broadMatch`, ...).
    var skosProperty: String { rawValue + "Match" }
}

/// Turtle's lexical forms (W3C RDF 1.1 Turtle, sections 6.4 and 2.4).
enum Turtle {
    /// A quoted string literal, with a language tag when given: `"` and `\` escaped, line
    /// breaks, tabs and other control characters as escapes; other characters as they are (UTF-8).
    static func literal(_ text: String, language: String? = nil) -> String {
        JSONOutput.quoted(text) + (language.map { "@" + $0 } ?? "")
    }

    /// Text for inside `<...>`: the characters an IRI reference may not hold (spaces, controls,
    /// `<>"{}|^`\`) percent-encoded as UTF-8 bytes.
    static func iri(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value <= 0x20 || "<>\"{}|^`\\".unicodeScalars.contains(scalar) {
                for byte in String(scalar).utf8 { out += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
