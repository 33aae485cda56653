using System.Buffers.Binary;
using Smf.CodeGen.Tests.Infrastructure;

namespace Smf.CodeGen.Tests.Oracle;

/// <summary>Corrupted buffers: our generated verifier must decide exactly as C++ flatbuffers::Verifier and never throw.</summary>
[TestClass]
public sealed class CorruptionOracleTests
{
    private const string Schema = "everything.fbs";

    [TestMethod]
    public void Verify_CorruptedBuffers_AgreesWithCppVerifierAndNeverThrows()
    {
        OracleTools.Require();
        var schema = EverythingSchema.Load();
        var valid = Enumerable.Range(0, 12)
            .Select(i => schema.Serialize(schema.Json.ToObject(schema.Json.Canonical(new SampleGenerator(5000 + i).Table(schema.Root), schema.Root), schema.Root)))
            .ToList();
        var corrupted = Corrupt(valid, new Random(42), perBuffer: 150);

        var expected = CppOracle.For(schema.SchemaPath, schema.Root).Verify(corrupted);

        var disagreements = new List<string>();
        for (var i = 0; i < corrupted.Count; i++)
        {
            var (ok, error) = schema.Verify(corrupted[i]);
            if (ok != expected[i])
            {
                disagreements.Add("buffer " + i + ": C++ " + (expected[i] ? "accepts" : "rejects") + ", ours " + (ok ? "accepts" : "rejects (" + error + ")") + ": " + Convert.ToHexString(corrupted[i]));
            }
            else if (ok)
            {
                schema.UnPack(corrupted[i]);
            }
            else
            {
                Assert.IsFalse(string.IsNullOrEmpty(error), "A rejection must say why.");
            }
        }

        Assert.IsTrue(expected.Count(e => !e) > corrupted.Count / 4, "The corruptions should make many buffers invalid.");
        Assert.IsEmpty(disagreements, string.Join("\n", disagreements.Take(5)));
    }

    [TestMethod]
    public void VerifySizePrefixed_CorruptedBuffers_AgreesWithCppVerifier()
    {
        OracleTools.Require();
        var schema = EverythingSchema.Load();
        var valid = Enumerable.Range(0, 4)
            .Select(i => schema.SerializeSizePrefixed(schema.Json.ToObject(schema.Json.Canonical(new SampleGenerator(6000 + i).Table(schema.Root), schema.Root), schema.Root)))
            .ToList();
        var corrupted = Corrupt(valid, new Random(7), perBuffer: 100);

        var expected = CppOracle.For(schema.SchemaPath, schema.Root).Verify(corrupted, sizePrefixed: true);

        for (var i = 0; i < corrupted.Count; i++)
        {
            var (ok, error) = schema.VerifySizePrefixed(corrupted[i]);
            Assert.AreEqual(expected[i], ok, "buffer " + i + " (" + error + "): " + Convert.ToHexString(corrupted[i]));
        }
    }

    [TestMethod]
    public void Verify_EmptyAndTinyBuffers_RejectsWithoutThrowing()
    {
        var schema = EverythingSchema.Load();

        foreach (var length in new[] { 0, 1, 3, 4, 7, 8, 11 })
        {
            var (ok, error) = schema.Verify(new byte[length]);

            Assert.IsFalse(ok);
            Assert.IsNotNull(error);
        }
    }

    /// <summary>Truncations, byte flips, and aligned words and half-words replaced by boundary values.</summary>
    private static List<byte[]> Corrupt(List<byte[]> valid, Random random, int perBuffer)
    {
        int[] words = [0, 1, 2, 3, 4, -1, -4, int.MaxValue, int.MinValue, 0x7FFF, 0x8000, 0xFFFF, 0x10000];
        ushort[] halves = [0, 1, 2, 3, 4, 5, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF];
        var result = new List<byte[]>();
        foreach (var buffer in valid)
        {
            result.Add(buffer);
            for (var n = 0; n < perBuffer; n++)
            {
                var copy = (byte[])buffer.Clone();
                switch (random.Next(5))
                {
                    case 0:
                        copy = copy[..random.Next(copy.Length)];
                        break;
                    case 1:
                        copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                        break;
                    case 2:
                    {
                        var at = random.Next(copy.Length / 4) * 4;
                        var value = random.Next(3) == 0 ? random.Next(-copy.Length, copy.Length * 2) : words[random.Next(words.Length)];
                        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(at), value);
                        break;
                    }

                    case 3:
                    {
                        var at = random.Next(copy.Length / 2) * 2;
                        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(at), halves[random.Next(halves.Length)]);
                        break;
                    }

                    default:
                        for (var k = 0; k < 3; k++)
                        {
                            copy[random.Next(copy.Length)] = (byte)random.Next(256);
                        }

                        break;
                }

                result.Add(copy);
            }
        }

        return result;
    }
}
