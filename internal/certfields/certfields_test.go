package certfields_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/internal/certfields"
)

// TestTableMatchesTheTypes checks the table against the types it names:
// every field of certs.Fields is in it once, under its JSON name, and
// certs.Certificate and each vendor's credential type have the Go fields
// it names.
func TestTableMatchesTheTypes(t *testing.T) {
	t.Parallel()
	all := certfields.All()
	ft := reflect.TypeFor[certs.Fields]()
	require.Equal(t, ft.NumField(), len(all), "every field of certs.Fields is in the table")
	for _, f := range all {
		sf, ok := ft.FieldByName(f.Go)
		require.True(t, ok, "certs.Fields.%s", f.Go)
		assert.Equal(t, f.Wire+",omitempty", sf.Tag.Get("json"), f.Go)
		cf, ok := reflect.TypeFor[certs.Certificate]().FieldByName(f.Go)
		require.True(t, ok, "certs.Certificate.%s", f.Go)
		assert.Equal(t, sf.Tag, cf.Tag, f.Go)
	}
	creds := []certs.Credential{certs.APNsCertificate{}, certs.APNsToken{}, certs.Huawei{}, certs.Honor{}, certs.Xiaomi{}, certs.OPPO{}, certs.Vivo{}, certs.Meizu{}, certs.FCM{}, certs.HarmonyOS{}}
	for _, c := range creds {
		auth := certs.NewCreateRequest(1, c, certs.ClickAction{}).AuthType
		k, ok := certfields.Of(string(c.Vendor()), string(auth))
		require.True(t, ok, "%T", c)
		ct := reflect.TypeOf(c)
		require.Equal(t, ct.NumField(), len(k.Fields()), "%T has a field for each the kind takes", c)
		for _, f := range k.Fields() {
			_, ok := ct.FieldByName(f.CredName())
			assert.True(t, ok, "%T.%s", c, f.CredName())
		}
	}
	_, ok := certfields.Of("APNs", "")
	assert.False(t, ok, "APNs needs an AuthType")
}

func TestMerge(t *testing.T) {
	t.Parallel()
	stored := certs.Fields{P12: "b2xk", P12Password: "old", BundleID: "com.example.chat", AppSecret: "s1"}
	for _, tc := range []struct {
		name   string
		update certs.Fields
		want   certs.Fields
	}{
		{"empty keeps all", certs.Fields{}, stored},
		{"masked keeps the secret", certs.Fields{AppSecret: certfields.Masked, P12Password: certfields.Masked}, stored},
		{"set replaces", certs.Fields{AppSecret: "s2", BundleID: "com.example.other"},
			certs.Fields{P12: "b2xk", P12Password: "old", BundleID: "com.example.other", AppSecret: "s2"}},
		{"a new P12 brings its password, even none", certs.Fields{P12: "bmV3"},
			certs.Fields{P12: "bmV3", BundleID: "com.example.chat", AppSecret: "s1"}},
		{"a masked P12 keeps the password", certs.Fields{P12: certfields.Masked}, stored},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, certfields.Merge(stored, tc.update))
		})
	}
}

func TestShow(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		vendor, auth string
		stored       certs.Fields
		want         certs.Certificate
	}{
		{"Huawei", "", certs.Fields{PackageName: "com.example.chat", AppID: "1", AppSecret: "s"},
			certs.Certificate{PackageName: "com.example.chat", AppID: "1", AppSecret: certfields.Masked}},
		{"APNs", "Certificate", certs.Fields{P12: "b2xk", BundleID: "com.example.chat", Environment: certs.EnvironmentProduction},
			certs.Certificate{P12: certfields.Masked, P12Password: certfields.Masked, BundleID: "com.example.chat", Environment: certs.EnvironmentProduction}},
		{"FCM", "", certs.Fields{ServiceAccountJSON: "{}"}, certs.Certificate{ServiceAccountJSON: certfields.Masked}},
	} {
		t.Run(tc.vendor, func(t *testing.T) {
			t.Parallel()
			k, ok := certfields.Of(tc.vendor, tc.auth)
			require.True(t, ok)
			var got certs.Certificate
			certfields.Show(&got, k, tc.stored)
			assert.Equal(t, tc.want, got, "public fields as stored, every secret the kind takes masked, even an empty one")
		})
	}
}

func TestIsSecret(t *testing.T) {
	t.Parallel()
	var secret []string
	for _, name := range []string{"P12", "Password", "P12Password", "Key", "P8Key", "AppSecret", "ClientSecret", "MasterSecret", "ServiceAccountJSON", "AppID", "KeyID", "BundleID", "PackageName"} {
		if certfields.IsSecret(name) {
			secret = append(secret, name)
		}
	}
	assert.True(t, slices.Equal(secret, []string{"P12", "Password", "P12Password", "Key", "P8Key", "AppSecret", "ClientSecret", "MasterSecret", "ServiceAccountJSON"}), "%v", secret)
}
