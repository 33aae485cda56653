using System.Buffers.Binary;
using Smf.CodeGen.Tests.Infrastructure;

namespace Smf.CodeGen.Tests.Oracle;

/// <summary>FlexBuffers inside a <c>flexbuffer</c> field (built by flatc from JSON): our verifier decides as C++ does.</summary>
[TestClass]
public sealed class FlexBufferOracleTests
{
    private static readonly string[] Documents =
    [
        """{"name": "d", "data": {"a": 1, "b": [1, 2.5, "x", true, null, {"c": -7}], "s": "str", "big": 123456789012, "neg": -3}, "other": 5}""",
        """{"data": [1, 2, 3, 4], "other": -1}""",
        """{"data": "just a string"}""",
        """{"data": {"nested": {"deeper": {"deepest": [[1, 2], [3.5, 4.5], ["a", "b", "c"]]}}, "k": [true, false]}}""",
        """{"data": [{"x": 1, "y": 2}, {"x": 3, "y": 4}, {"x": 65536, "y": -70000}], "name": "vectors of maps"}""",
        """{"data": 42}""",
    ];

    [TestMethod]
    public void Verify_FlatcFlexBuffersAndCorruptions_AgreesWithCpp()
    {
        OracleTools.Require();
        var schema = GeneratedSchema.Load("flex.fbs");
        var valid = FlatcJson.ToBinary(schema.SchemaPath, Documents);
        var random = new Random(11);
        var buffers = new List<byte[]>(valid);
        foreach (var buffer in valid)
        {
            for (var n = 0; n < 120; n++)
            {
                var copy = (byte[])buffer.Clone();
                var at = random.Next(copy.Length);
                switch (random.Next(3))
                {
                    case 0:
                        copy[at] ^= (byte)random.Next(1, 256);
                        break;
                    case 1:
                        copy[at] = (byte)random.Next(256);
                        copy[random.Next(copy.Length)] = (byte)random.Next(256);
                        break;
                    default:
                        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(Math.Min(at, copy.Length - 2)), (ushort)random.Next(65536));
                        break;
                }

                buffers.Add(copy);
            }
        }

        var expected = CppOracle.For(schema.SchemaPath, schema.Root).Verify(buffers);

        for (var i = 0; i < valid.Length; i++)
        {
            var (ok, error) = schema.Verify(valid[i]);
            Assert.IsTrue(ok, "flatc's document " + i + ": " + error);
        }

        // flatbuffers 2.0.8's flexbuffers::Verifier::VerifyKey returns true at the first non-zero byte (a bug: it means
        // to find the terminator), so it accepts keys that run to the end of the buffer; ours requires the NUL.
        var acceptedByUsOnly = new List<string>();
        var rejectedByUsOnly = 0;
        for (var i = 0; i < buffers.Count; i++)
        {
            var (ok, error) = schema.Verify(buffers[i]);
            if (ok && !expected[i])
            {
                acceptedByUsOnly.Add("buffer " + i + ": " + Convert.ToHexString(buffers[i]));
            }

            if (!ok && expected[i])
            {
                rejectedByUsOnly++;
                StringAssert.Contains(error, "flexbuffer");
            }
        }

        Assert.IsGreaterThan(buffers.Count / 5, expected.Count(e => !e));
        Assert.IsEmpty(acceptedByUsOnly, string.Join("\n", acceptedByUsOnly.Take(3)));
        Assert.IsLessThan(buffers.Count / 100, rejectedByUsOnly, "Only unterminated keys may be rejected by us alone.");
    }
}
