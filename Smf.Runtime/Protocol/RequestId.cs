using System.IO.Hashing;
using System.Text;

namespace Smf.Protocol;

/// <summary>
/// Computes the ids smf routes requests by: CRC-32 (IEEE) of the service name, of the method
/// signature, and their XOR, the request id carried in a request header's meta field.
/// </summary>
public static class RequestId
{
    /// <summary>The service id: CRC-32 of the unqualified service name, e.g. <c>MemoryNode</c>.</summary>
    public static uint ForService(string serviceName)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        return Crc32Of(serviceName);
    }

    /// <summary>
    /// The method id: CRC-32 of <c>Method:Request:Response</c>, where the type names are fully qualified
    /// C++ style, e.g. <c>Put:kvstore::fbs::PutRequest:kvstore::fbs::PutResponse</c>.
    /// </summary>
    public static uint ForMethod(string methodName, string requestTypeCppName, string responseTypeCppName)
    {
        ArgumentNullException.ThrowIfNull(methodName);
        ArgumentNullException.ThrowIfNull(requestTypeCppName);
        ArgumentNullException.ThrowIfNull(responseTypeCppName);
        return Crc32Of($"{methodName}:{requestTypeCppName}:{responseTypeCppName}");
    }

    /// <summary>The request id a client puts in the header: service id XOR method id.</summary>
    public static uint Combine(uint serviceId, uint methodId) => serviceId ^ methodId;

    private static uint Crc32Of(string text) => Crc32.HashToUInt32(Encoding.UTF8.GetBytes(text));
}
