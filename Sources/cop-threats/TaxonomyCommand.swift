import ArgumentParser

// PLACEHOLDER: replaced by the real command.
struct TaxonomyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "taxonomy", abstract: "(not written yet)")
    func run() async throws { throw ValidationError("'taxonomy' is not written yet.") }
}
