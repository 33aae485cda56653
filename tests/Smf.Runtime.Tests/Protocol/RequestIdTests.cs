using Smf.Protocol;

namespace Smf.Runtime.Tests.Protocol;

[TestClass]
public sealed class RequestIdTests
{
    [TestMethod]
    [DataRow("MemoryNode", 504045560u)]
    [DataRow("SmfStorage", 212494116u)]
    public void ForService_PublishedName_MatchesPublishedCrc(string service, uint expected)
    {
        Assert.AreEqual(expected, RequestId.ForService(service));
    }

    [TestMethod]
    public void ForMethod_KvStorePut_MatchesPublishedCrc()
    {
        Assert.AreEqual(3345117782u, RequestId.ForMethod("Put", "kvstore::fbs::PutRequest", "kvstore::fbs::PutResponse"));
    }

    [TestMethod]
    public void ForMethod_SmfStorageGet_MatchesPublishedCrc()
    {
        Assert.AreEqual(1719559449u, RequestId.ForMethod("Get", "smf_gen::demo::Request", "smf_gen::demo::Response"));
    }

    [TestMethod]
    public void Combine_MemoryNodePut_IsPublishedRequestIdAndVectorMeta()
    {
        var id = RequestId.Combine(
            RequestId.ForService("MemoryNode"),
            RequestId.ForMethod("Put", "kvstore::fbs::PutRequest", "kvstore::fbs::PutResponse"));

        Assert.AreEqual(3647565230u, id);
        Assert.AreEqual(RpcHeader.Read(WireVectors.PutRequestFrame).Meta, id);
    }

    [TestMethod]
    public void Combine_SmfStorageGet_IsPublishedRequestId()
    {
        var id = RequestId.Combine(
            RequestId.ForService("SmfStorage"),
            RequestId.ForMethod("Get", "smf_gen::demo::Request", "smf_gen::demo::Response"));

        Assert.AreEqual(1792279101u, id);
    }
}
