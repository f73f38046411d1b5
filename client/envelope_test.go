package client

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzScanEnvelope checks that the envelope walk finds what encoding/json
// finds in every valid JSON document.
func FuzzScanEnvelope(f *testing.F) {
	for _, seed := range []string{
		`{"Response":{"Error":{"Code":"A","Message":"m"},"RequestId":"r"}}`,
		`{"Response" : {"Error" : {"Code" : "A"} , "RequestId" : "r"}}`,
		`{"Response":{"\u0045rror":{"Code":"A"},"requestid":"r"}}`,
		`{"response":{"ERROR":null,"RequestId":"r\"x"}}`,
		`{"Response":{"App":{"Intro":"say \"Error\": {loudly}","Tags":[{"Error":1}]},"RequestId":"r"}}`,
		`{"Response":{"Error":{"Code":"A"}},"Response":{"RequestId":"r"}}`,
		`{"Response":{"RequestId":"r"},"Response":null}`,
		`{"Response":[1,2]}`,
		`{"Other":{"Response":{"Error":{}}},"Response":{"RequestId":"\u0072"}}`,
		`{}`, `[]`, `null`, `"Response"`, `{"Response":{}}`, `{"Response":{"Error":"x","RequestId":5}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		env := scanEnvelope(body) // must not panic on any input
		if !json.Valid(body) {
			return
		}
		var ref struct {
			Response *struct {
				Error     json.RawMessage
				RequestID json.RawMessage `json:"RequestId"`
			}
		}
		if err := json.Unmarshal(body, &ref); err != nil {
			if _, ok := err.(*json.UnmarshalTypeError); !ok {
				return
			}
			if ref.Response == nil && env.present {
				t.Fatalf("%s: found a Response where encoding/json found none", body)
			}
			return
		}
		if env.present != (ref.Response != nil) {
			t.Fatalf("%s: Response present %v, encoding/json says %v", body, env.present, ref.Response != nil)
		}
		if ref.Response == nil {
			return
		}
		refErr := ref.Response.Error
		if string(refErr) == "null" {
			refErr = nil
		}
		if !bytes.Equal(env.errValue, refErr) {
			t.Fatalf("%s: Error %q, encoding/json %q", body, env.errValue, refErr)
		}
		if !bytes.Equal(env.requestID, ref.Response.RequestID) {
			t.Fatalf("%s: RequestId %q, encoding/json %q", body, env.requestID, ref.Response.RequestID)
		}
	})
}
