namespace Smf.Compiler.Tests.Oracle;

/// <summary>What the oracle printed for one schema: accepted or not, and the sorted fact lines.</summary>
internal sealed class OracleReport
{
    public OracleReport(bool accepted, string status, List<string> facts)
    {
        Accepted = accepted;
        Status = status;
        Facts = facts;
    }

    public bool Accepted { get; }

    public string Status { get; }

    public List<string> Facts { get; }

    public static Dictionary<string, OracleReport> ParseAll(string output)
    {
        var result = new Dictionary<string, OracleReport>(StringComparer.Ordinal);
        string? current = null;
        string status = string.Empty;
        var facts = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                Flush();
                current = line[3..];
                status = string.Empty;
                facts = new List<string>();
            }
            else if (line.StartsWith("status ", StringComparison.Ordinal))
            {
                status = line[7..];
            }
            else if (line.Length > 0)
            {
                facts.Add(line);
            }
        }

        Flush();
        return result;

        void Flush()
        {
            if (current is not null)
            {
                facts.Sort(StringComparer.Ordinal);
                result[current] = new OracleReport(status == "ok", status, facts);
            }
        }
    }
}
