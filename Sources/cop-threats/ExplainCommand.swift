import ArgumentParser

// PLACEHOLDER: replaced by the real command.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "(not written yet)")
    func run() async throws { throw ValidationError("'explain' is not written yet.") }
}
