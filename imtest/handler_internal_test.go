package imtest

// An internal benchmark: decodeRequest is what every console and cloud
// request goes through before it is validated; measuring it through HTTP
// would measure the signature check too.

import (
	"testing"

	"github.com/imconsole/imconsole/certs"
)

// BenchmarkDecodeRequest decodes a push certificate with a nested
// ClickAction and promoted fields, and a Tag API request with a list of
// objects: the shapes of body the strict decoder walks deepest.
func BenchmarkDecodeRequest(b *testing.B) {
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
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decodeRequest("X", tc.body, tc.new()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
