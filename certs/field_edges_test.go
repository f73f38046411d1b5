package certs_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/client"
)

// TestFieldEdges: format rules of docs/protocol.md's "Credential fields
// per vendor" and click actions, each at its edge: "PackageName is an
// Android application ID ... at most 255 characters"; "BundleId is
// letters, digits, - and ., at most 155 characters"; "KeyId, TeamId: 10
// upper-case letters or digits"; a PageUri's "port 1-65535".
func TestFieldEdges(t *testing.T) {
	t.Parallel()
	pkg := func(n int) string { return "com." + strings.Repeat("a", n-len("com.")) }
	huawei := func(pkg string) certs.Huawei {
		return certs.Huawei{PackageName: pkg, AppID: "10086", AppSecret: "huawei-secret"}
	}
	apns := func(edit func(*certs.APNsToken)) certs.APNsToken {
		tok := token(t, bundle, certs.EnvironmentProduction)
		edit(&tok)
		return tok
	}
	for _, tc := range []struct {
		name  string
		cred  certs.Credential
		click certs.ClickAction
		code  string // "" when accepted
	}{
		{"PackageName of 255 characters", huawei(pkg(255)), certs.ClickAction{}, ""},
		{"PackageName of 256 characters", huawei(pkg(256)), certs.ClickAction{}, "InvalidParameterValue.PackageName"},
		{"BundleId of 155 characters", apns(func(tok *certs.APNsToken) { tok.BundleID = pkg(155) }), certs.ClickAction{}, ""},
		{"BundleId of 156 characters", apns(func(tok *certs.APNsToken) { tok.BundleID = pkg(156) }), certs.ClickAction{}, "InvalidParameterValue.BundleId"},
		{"KeyId of 11 characters", apns(func(tok *certs.APNsToken) { tok.KeyID += "X" }), certs.ClickAction{}, "InvalidParameterValue.KeyId"},
		{"TeamId of 11 characters", apns(func(tok *certs.APNsToken) { tok.TeamID += "X" }), certs.ClickAction{}, "InvalidParameterValue.TeamId"},
		{"PageUri port 65535", harmony(t), certs.OpenPageURI("myapp://chat:65535/detail"), ""},
		{"PageUri port 65536", harmony(t), certs.OpenPageURI("myapp://chat:65536/detail"), "InvalidParameterValue.ClickAction"},
	} {
		err := certs.NewCreateRequest(1400000001, tc.cred, tc.click).Validate()
		if tc.code == "" {
			assert.NoError(t, err, tc.name)
			continue
		}
		var ae *client.APIError
		if assert.True(t, errors.As(err, &ae), "%s: %v", tc.name, err) {
			assert.Equal(t, tc.code, ae.Code, tc.name)
		}
	}
}
