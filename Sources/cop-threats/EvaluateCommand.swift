import ArgumentParser

// PLACEHOLDER: replaced by the real command.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate", abstract: "(not written yet)")
    func run() async throws { throw ValidationError("'evaluate' is not written yet.") }
}
