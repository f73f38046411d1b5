package imtest

// An internal benchmark: decodeRequest is what every console and cloud
// request goes through before it is validated; measuring it through HTTP
// would measure the signature check too.

import (
	"strings"
	"testing"

	"github.com/imconsole/imconsole/certs"
)

// BenchmarkDecodeRequest decodes a push certificate with a nested
// ClickAction and promoted fields, and a Tag API request with a list of
// objects: the shapes of body the strict decoder walks deepest; and
// refuses a hostile 4 MiB body of empty objects, which must cost about
// what reading it does (it cost 1.1 GB when every object was decoded).
func BenchmarkDecodeRequest(b *testing.B) {
	hostile := []byte(`{"Tags":[` + strings.Repeat(`{},`, maxBodyBytes/3-4) + `{}]}`)
	cases := []struct {
		name string
		body []byte
		new  func() any
	}{
		{"CreatePushCertificate", []byte(`{"SdkAppId":1400000001,"Vendor":"OPPO","Platform":"Android",` +
			`"ClickAction":{"Type":"OpenPage","Intent":"intent:#Intent;component=com.example.chat/.Chat;end"},` +
			`"PackageName":"com.example.chat","AppKey":"k1","MasterSecret":"oppo-master","ChannelId":"im","ClientToken":"tok-1"}`),
			func() any { return new(certs.CreateRequest) }},
		{"TagResources", []byte(`{"ResourceList":["qcs::im::uin/100000000001:sdkappid/1400000001","qcs::im::uin/100000000001:sdkappid/1400000002"],` +
			`"Tags":[{"TagKey":"env","TagValue":"prod"},{"TagKey":"team","TagValue":"im"},{"TagKey":"cost","TagValue":"a"}]}`),
			func() any { return new(tagResourcesRequest) }},
		{"Hostile4MiB", hostile, func() any { return new(tagResourcesRequest) }},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decodeRequest("X", tc.body, tc.new()); (err != nil) != (tc.name == "Hostile4MiB") {
					b.Fatal(err)
				}
			}
		})
	}
}
