using System.Text.Json;

namespace Smf.Cli.Describe;

/// <summary>
/// <c>smf describe</c>: the services and methods of a schema with the ids that go on the wire (service id, method id,
/// request id), then every table, struct, enum and union with its layout; <c>--json</c> for scripts.
/// </summary>
internal static class DescribeCommand
{
    public const string Usage = """
        usage: smf describe --schema <file.fbs> [-I <dir>] [--json]
          --schema, -s     the schema (repeat for several files)
          -I, --include    a directory searched for includes (repeatable)
          --json           print one JSON document instead of text
        """;

    public static int Run(IReadOnlyList<string> args, CliConsole console)
    {
        var spellings = SmfCommand.SchemaSpellings();
        spellings["--json"] = "json";
        var line = CommandLine.Parse(args, spellings, new HashSet<string> { "help", "json" });
        if (line.Has("help"))
        {
            console.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        }

        if (line.Positionals.Count > 0)
        {
            throw new CliUsageException($"Unexpected argument '{line.Positionals[0]}'; smf describe takes only options.");
        }

        var schema = SchemaSource.Load(line, console.Error);
        if (line.Has("json"))
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                SchemaJsonWriter.Write(schema.Model, writer);
            }

            console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
        else
        {
            SchemaTextWriter.Write(schema.Model, console.Out);
        }

        return ExitCodes.Ok;
    }
}
