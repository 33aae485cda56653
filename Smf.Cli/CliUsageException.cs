namespace Smf.Cli;

/// <summary>Input the command cannot run with (arguments, schema, JSON, method name): reported on stderr with exit code 2, nothing sent.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
