using System.Globalization;
using System.Text.Json.Nodes;

namespace Smf.Cli.Tests.Infrastructure;

/// <summary>Compares two JSON documents as values: objects by key (any order), arrays in order, numbers by value.</summary>
internal static class JsonCompare
{
    /// <summary>The first difference as "path: a vs b", or null when the documents are equal.</summary>
    public static string? Difference(string expected, string actual) => Difference(JsonNode.Parse(expected), JsonNode.Parse(actual), "$");

    private static string? Difference(JsonNode? a, JsonNode? b, string path)
    {
        switch (a, b)
        {
            case (null, null):
                return null;
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                {
                    if (!x.ContainsKey(key) || !y.ContainsKey(key))
                    {
                        return $"{path}.{key}: present only in the {(x.ContainsKey(key) ? "expected" : "actual")} document";
                    }

                    if (Difference(x[key], y[key], path + "." + key) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonArray x, JsonArray y):
                if (x.Count != y.Count)
                {
                    return $"{path}: {x.Count} elements vs {y.Count}";
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (Difference(x[i], y[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonValue x, JsonValue y):
                var textA = x.ToJsonString();
                var textB = y.ToJsonString();
                if (textA == textB)
                {
                    return null;
                }

                if (x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number
                    && decimal.TryParse(textA, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && decimal.TryParse(textB, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    && (m == n || Math.Abs((double)(m - n)) <= 1e-6 * Math.Max(1, Math.Abs((double)m))))
                {
                    return null;
                }

                if (double.TryParse(textA, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.TryParse(textB, NumberStyles.Float, CultureInfo.InvariantCulture, out var q)
                    && x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number && Math.Abs(p - q) <= 1e-6 * Math.Max(1, Math.Abs(p)))
                {
                    return null;
                }

                return $"{path}: {textA} vs {textB}";
            default:
                return $"{path}: {a?.ToJsonString() ?? "null"} vs {b?.ToJsonString() ?? "null"}";
        }
    }
}
