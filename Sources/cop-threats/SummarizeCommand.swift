import ArgumentParser

// PLACEHOLDER: replaced by the real command.
struct SummarizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summarize", abstract: "(not written yet)")
    func run() async throws { throw ValidationError("'summarize' is not written yet.") }
}
