namespace Smf.Server.Internal;

/// <summary>A route of one shard: the method a request id leads to, its service, and whether its requests are verified.</summary>
internal sealed record RpcMethodEntry(RpcService Service, RpcMethod Method, bool VerifyRequests);
