import Testing
import ThreatTaxonomy

@Suite("SKOS export")
struct SKOSExportTests {
    /// Two nodes with every kind of statement; names and definitions that need escaping.
    static let taxonomy = Taxonomy(
        version: "2.1.0", name: "Test \"tree\"", languages: ["en", "fr", "zh"],
        schemes: [
            "dsa": CrosswalkScheme(key: "dsa", title: "DSA", version: "2", url: "https://example.org/dsa"),
            "eval": CrosswalkScheme(key: "eval", title: "Eval words", version: "1"),
        ],
        nodes: [
            TaxonomyNode(
                id: "abuse", parent: nil, names: ["en": "Abuse", "fr": "Abus \\ maltraitance", "zh": "虐待"],
                definition: "Any abuse.\nSee \"grooming\".",
                crosswalks: ["dsa": [CrosswalkEntry(code: "PROTECTION_OF_MINORS", relation: .broad)]],
                location: .init(file: "t.yaml")),
            TaxonomyNode(
                id: "grooming", parent: "abuse", names: ["en": "Grooming"], definition: "Tab\there.",
                crosswalks: [
                    "eval": [CrosswalkEntry(code: "grooming", relation: .exact), CrosswalkEntry(code: "sexting", relation: .related)],
                    "dsa": [CrosswalkEntry(code: "GROOMING", relation: .narrow)],
                ],
                location: .init(file: "t.yaml")),
        ])

    @Test("a scheme, a concept per node with names, definition, hierarchy and mappings by relation; strings escaped")
    func turtle() {
        #expect(Self.taxonomy.skosTurtle() == #"""
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix node: <urn:cop-threats:node:> .

            <urn:cop-threats:taxonomy> a skos:ConceptScheme ;
                dct:title "Test \"tree\""@en ;
                owl:versionInfo "2.1.0" ;
                skos:hasTopConcept node:abuse .

            node:abuse a skos:Concept ;
                skos:inScheme <urn:cop-threats:taxonomy> ;
                skos:notation "abuse" ;
                skos:prefLabel "Abuse"@en, "Abus \\ maltraitance"@fr, "虐待"@zh ;
                skos:definition "Any abuse.\nSee \"grooming\"."@en ;
                skos:topConceptOf <urn:cop-threats:taxonomy> ;
                skos:narrower node:grooming ;
                skos:broadMatch [ skos:notation "PROTECTION_OF_MINORS" ; skos:inScheme <urn:cop-threats:scheme:dsa> ] .

            node:grooming a skos:Concept ;
                skos:inScheme <urn:cop-threats:taxonomy> ;
                skos:notation "grooming" ;
                skos:prefLabel "Grooming"@en ;
                skos:definition "Tab\there."@en ;
                skos:broader node:abuse ;
                skos:narrowMatch [ skos:notation "GROOMING" ; skos:inScheme <urn:cop-threats:scheme:dsa> ] ;
                skos:exactMatch [ skos:notation "grooming" ; skos:inScheme <urn:cop-threats:scheme:eval> ] ;
                skos:relatedMatch [ skos:notation "sexting" ; skos:inScheme <urn:cop-threats:scheme:eval> ] .

            <urn:cop-threats:scheme:dsa> a skos:ConceptScheme ;
                dct:title "DSA"@en ;
                owl:versionInfo "2" ;
                dct:source <https://example.org/dsa> .

            <urn:cop-threats:scheme:eval> a skos:ConceptScheme ;
                dct:title "Eval words"@en ;
                owl:versionInfo "1" .

            """#)
    }
}
