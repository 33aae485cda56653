using Smf.Balancing;
using Smf.Balancing.Internal;

namespace Smf.Runtime.Tests.Balancing;

[TestClass]
public sealed class RendezvousHashTests
{
    private static readonly string[] Four = ["10.0.0.1:20776", "10.0.0.2:20776", "10.0.0.3:20776", "10.0.0.4:20776"];

    [TestMethod]
    public void Owner_ThreeToFourEndPoints_MovesAQuarterOfTheKeysOnlyToTheNewOne()
    {
        // Arrange
        var three = Seeds(Four[..3]);
        var four = Seeds(Four);

        // Act
        var moved = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var hash = RpcRoutingKey.From($"key.{i}").Hash();
            var before = RendezvousHash.Owner(hash, three);
            var after = RendezvousHash.Owner(hash, four);
            if (before != after)
            {
                moved++;
                Assert.AreEqual(3, after, $"key.{i} moved from {before} to {after}, not to the new endpoint.");
            }
        }

        // Assert: ideally 1/4 of the keys.
        Assert.IsTrue(moved is >= 2_000 and <= 3_000, $"{moved} of 10000 keys moved; expected 20-30%.");
    }

    [TestMethod]
    public void Owner_OneEndPointRemoved_MovesOnlyItsKeys()
    {
        // Arrange
        var four = Seeds(Four);
        var withoutSecond = Seeds([Four[0], Four[2], Four[3]]);
        int[] map = [0, 2, 3];

        // Act / Assert
        var held = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var hash = RpcRoutingKey.From((long)i).Hash();
            var before = RendezvousHash.Owner(hash, four);
            var after = map[RendezvousHash.Owner(hash, withoutSecond)];
            if (before == 1)
            {
                held++;
            }
            else
            {
                Assert.AreEqual(before, after, $"key {i} moved although its endpoint stayed.");
            }
        }

        Assert.IsTrue(held is >= 2_000 and <= 3_000, $"the removed endpoint held {held} of 10000 keys.");
    }

    [TestMethod]
    public void Hash_SameKeyAsStringAndNumber_DiffersAndIsStable()
    {
        Assert.AreEqual(RpcRoutingKey.From("key.1").Hash(), RpcRoutingKey.From("key.1").Hash());
        Assert.AreEqual(System.IO.Hashing.XxHash64.HashToUInt64("key.1"u8), RpcRoutingKey.From("key.1").Hash());
        Assert.AreNotEqual(RpcRoutingKey.From("1").Hash(), RpcRoutingKey.From(1L).Hash());
        Assert.IsTrue(RpcRoutingKey.From((string?)null).IsNone);
        Assert.AreEqual(RpcRoutingKey.From(new string('k', 2000)).Hash(), System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(new string('k', 2000))));
    }

    [TestMethod]
    [DataRow(169)]
    [DataRow(170)]
    [DataRow(171)]
    public void Hash_ThreeByteCharactersAroundTheStackBuffer_IsXxh64OfTheUtf8Bytes(int length)
    {
        var key = new string('\u20AC', length);

        Assert.AreEqual(System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(key)), RpcRoutingKey.From(key).Hash());
    }

    [TestMethod]
    public void Score_KeyAndEndPoint_IsTheXxh64AvalancheOfTheirXor()
    {
        // Arrange: the formula docs/scale-out.md gives, for clients that compute owners themselves.
        var keyHash = System.IO.Hashing.XxHash64.HashToUInt64("key.1"u8);
        var seed = System.IO.Hashing.XxHash64.HashToUInt64("10.0.0.1:20776"u8);
        var h = keyHash ^ seed;
        h ^= h >> 33;
        h *= 0xC2B2AE3D27D4EB4FUL;
        h ^= h >> 29;
        h *= 0x165667B19E3779F9UL;
        h ^= h >> 32;

        // Act
        var score = RendezvousHash.Score(RpcRoutingKey.From("key.1").Hash(), Seeds(Four)[0]);

        // Assert
        Assert.AreEqual(h, score);
    }

    [TestMethod]
    public void Owner_FirstKeysOverFourEndPoints_KeepTheirOwners()
    {
        // Arrange: owners under the current score; a change here moves keys between the servers of every deployment.
        int[] expected = [0, 0, 0, 1, 1, 1, 2, 1, 2, 1, 3, 1, 2, 1, 3, 1];
        var four = Seeds(Four);

        // Act
        var owners = Enumerable.Range(0, expected.Length).Select(i => RendezvousHash.Owner(RpcRoutingKey.From($"key.{i}").Hash(), four)).ToArray();

        // Assert
        CollectionAssert.AreEqual(expected, owners, string.Join(",", owners));
    }

    private static ulong[] Seeds(string[] names) =>
        [.. names.Select(n => System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(n)))];
}
