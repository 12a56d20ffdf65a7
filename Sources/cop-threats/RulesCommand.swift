import ArgumentParser

// PLACEHOLDER: replaced by the real command.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "(not written yet)")
    func run() async throws { throw ValidationError("'rules' is not written yet.") }
}
