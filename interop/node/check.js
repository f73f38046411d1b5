// Tencent's own Node.js libraries against cmd/imref: the API 3.0 common
// client (tencentcloud-sdk-nodejs-common) for the console protocol, cim, cam
// and tag, and the official UserSig library (tls-sig-api-v2) for a REST v4 call.
// Start imref first, then: npm install && IMREF_PORT=8080 \
//   TENCENTCLOUD_SECRET_ID=... TENCENTCLOUD_SECRET_KEY=... npm run check
const assert = require("node:assert/strict");
const http = require("node:http");
const { CommonClient } = require("tencentcloud-sdk-nodejs-common");
const TLSSigAPIv2 = require("tls-sig-api-v2");

const port = process.env.IMREF_PORT || "8080";
// The SDK takes the credential scope's service from the endpoint's first
// label, so each service gets its own <service>.localhost name; this agent
// sends every name to imref.
const agent = new http.Agent({
  lookup: (host, opts, cb) =>
    opts && opts.all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4),
});
const credential = { secretId: process.env.TENCENTCLOUD_SECRET_ID, secretKey: process.env.TENCENTCLOUD_SECRET_KEY };
const cloud = (service, version) =>
  new CommonClient(`${service}.localhost:${port}`, version, {
    credential,
    region: "ap-singapore",
    profile: { httpProfile: { protocol: "http://", agent } },
  });

async function v4(app, sig, command, body) {
  const q = new URLSearchParams({
    sdkappid: app, identifier: "administrator", usersig: sig,
    random: String(Math.floor(Math.random() * 4294967295)), contenttype: "json",
  });
  const res = await fetch(`http://127.0.0.1:${port}/v4/${command}?${q}`, { method: "POST", body: JSON.stringify(body) });
  return res.json();
}

(async () => {
  const im = cloud("im", "2026-11-01");
  const { App } = await im.request("RegisterIMApp", { AppName: "node_check", AppType: "Social", Region: "ap-singapore" });
  assert.equal(App.Edition, "Trial");
  const { SdkAppids } = await cloud("cim", "2019-03-18").request("DescribeSdkAppid", {});
  assert.ok(SdkAppids.includes(App.SdkAppId), "cim DescribeSdkAppid lists the new app");
  const { AppId, OwnerUin } = await cloud("cam", "2019-01-16").request("GetUserAppId", {});
  assert.ok(AppId > 0, "cam GetUserAppId answers the account's AppId");
  const tag = cloud("tag", "2018-08-13");
  const resource = `qcs::im::uin/${OwnerUin}:sdkappid/${App.SdkAppId}`;
  await tag.request("TagResources", { ResourceList: [resource], Tags: [{ TagKey: "env", TagValue: "prod" }] });
  const { ResourceTagMappingList } = await tag.request("GetResources", { TagFilters: [{ TagKey: "env", TagValue: ["prod"] }] });
  assert.deepEqual(ResourceTagMappingList.map((m) => m.Resource), [resource]);
  await assert.rejects(im.request("DescribeIMApp", { SdkAppId: 1400999999 }), { code: "ResourceNotFound.App" });

  const { Key } = await im.request("DescribeIMAppSecret", { SdkAppId: App.SdkAppId });
  const sig = new TLSSigAPIv2.Api(App.SdkAppId, Key).genUserSig("administrator", 86400);
  for (const user of ["alice", "bob"]) {
    assert.equal((await v4(App.SdkAppId, sig, "im_open_login_svc/account_import", { UserID: user })).ActionStatus, "OK");
  }
  const text = [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi from node" } }];
  const sent = await v4(App.SdkAppId, sig, "openim/sendmsg", { From_Account: "alice", To_Account: "bob", MsgRandom: 7, MsgBody: text });
  assert.equal(sent.ActionStatus, "OK", JSON.stringify(sent));
  const refused = await v4(App.SdkAppId, sig, "openim/sendmsg", { To_Account: "nobody", MsgRandom: 8, MsgBody: text });
  assert.equal(refused.ErrorCode, 90012, JSON.stringify(refused));
  console.log(`ok: app ${App.SdkAppId}, console + cim + cam + tag + REST v4 with a tls-sig-api-v2 UserSig`);
})().catch((e) => {
  console.error("FAILED:", e);
  process.exit(1);
});
