import ArgumentParser

// PLACEHOLDER: replaced by the real command.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "(not written yet)")
    func run() async throws { throw ValidationError("'import' is not written yet.") }
}
