package restapi_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// TestEndToEnd closes the loop through public APIs only: create an app,
// read its secret, add admin "ops", sign, import and check accounts,
// create, read and dissolve a group; then revoke the admin and disable
// the app.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := imtest.NewServer(t)
	console := srv.Console()

	app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "e2e", Region: apps.RegionSingapore})
	require.NoError(t, err)
	secret, err := console.Apps.Secret(ctx, app.SDKAppID)
	require.NoError(t, err)
	_, err = console.Admins.Add(ctx, app.SDKAppID, "ops")
	require.NoError(t, err)

	signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
	require.NoError(t, err)
	rc, err := restapi.New(app.SDKAppID, "ops", signer, restapi.WithBaseURL(srv.URL()), restapi.WithClock(srv.Now))
	require.NoError(t, err)

	require.NoError(t, rc.Accounts.Import(ctx, restapi.Account{UserID: "alice", Nick: "Alice"}))
	failed, err := rc.Accounts.ImportMany(ctx, []restapi.Account{{UserID: "bob"}, {UserID: "carol", FaceURL: "https://example.com/c.png"}})
	require.NoError(t, err)
	assert.Empty(t, failed)

	checked, err := rc.Accounts.Check(ctx, "alice", "bob", "dave")
	require.NoError(t, err)
	require.Len(t, checked, 3)
	assert.Equal(t, []string{restapi.AccountImported, restapi.AccountImported, restapi.AccountNotImported},
		[]string{checked[0].AccountStatus, checked[1].AccountStatus, checked[2].AccountStatus})
	assert.Equal(t, "dave", checked[2].UserID)

	groupID, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{
		OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "launch",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol", Role: "Admin"}},
	})
	require.NoError(t, err)
	assert.Regexp(t, `^@TGS#`, groupID)

	infos, err := rc.Groups.Get(ctx, groupID)
	require.NoError(t, err)
	require.Len(t, infos, 1)
	assert.Equal(t, 0, infos[0].ErrorCode)
	assert.Equal(t, "launch", infos[0].Name)
	assert.Equal(t, "alice", infos[0].OwnerAccount)
	assert.Equal(t, 3, infos[0].MemberNum)
	assert.Equal(t, app.SDKAppID, infos[0].AppID)

	require.NoError(t, rc.Groups.Destroy(ctx, groupID))
	infos, err = rc.Groups.Get(ctx, groupID)
	require.NoError(t, err)
	assert.Equal(t, restapi.CodeGroupNotFound, infos[0].ErrorCode)
	err = rc.Groups.Destroy(ctx, groupID)
	assert.ErrorIs(t, err, restapi.ErrGroupNotFound)

	deleted, err := rc.Accounts.Delete(ctx, "carol", "zed")
	require.NoError(t, err)
	assert.Equal(t, []int{0, restapi.CodeNotImported}, []int{deleted[0].ResultCode, deleted[1].ResultCode})

	// Deleting the admin revokes it at once.
	require.NoError(t, console.Admins.Delete(ctx, app.SDKAppID, "ops"))
	_, err = rc.Accounts.Check(ctx, "alice")
	assert.ErrorIs(t, err, restapi.ErrNotAdmin)
	assert.True(t, restapi.HasCode(err, restapi.CodeNeedAdmin), "%v", err)
	err = rc.Accounts.Import(ctx, restapi.Account{UserID: "erin"})
	assert.True(t, restapi.HasCode(err, restapi.CodeNeedAdminPrivate), "account_import documents 70403: %v", err)

	// The default admin still works, until the app is disabled.
	admin, err := restapi.New(app.SDKAppID, "administrator", signer, restapi.WithBaseURL(srv.URL()), restapi.WithClock(srv.Now))
	require.NoError(t, err)
	_, err = admin.Accounts.Check(ctx, "alice")
	require.NoError(t, err)
	require.NoError(t, console.Apps.Disable(ctx, app.SDKAppID))
	_, err = admin.Accounts.Check(ctx, "alice")
	assert.ErrorIs(t, err, restapi.ErrAppDisabled)
	assert.True(t, restapi.HasCode(err, restapi.CodeAppDisabled), "%v", err)
}

// TestLegacyECDSAAppUpgrade: a legacy app verifies ECDSA UserSigs with its
// public key; after the upgrade to HMAC-SHA256 both are accepted, ECDSA
// ones only when issued before the upgrade.
func TestLegacyECDSAAppUpgrade(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := imtest.NewServer(t)
	console := srv.Console()

	app, err := srv.SeedApp(imtest.AppSeed{CreatedAt: time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	require.Equal(t, apps.AlgorithmECDSASHA256, app.SignatureAlgorithm)
	legacy, err := console.Apps.Secret(ctx, app.SDKAppID)
	require.NoError(t, err)
	ecdsaSigner, err := usersig.NewECDSASigner(app.SDKAppID, []byte(legacy.PrivateKey))
	require.NoError(t, err)
	newClient := func(signer *usersig.Signer) *restapi.Client {
		c, err := restapi.New(app.SDKAppID, "administrator", signer,
			restapi.WithBaseURL(srv.URL()), restapi.WithClock(srv.Now), restapi.WithoutRetries())
		require.NoError(t, err)
		return c
	}
	old := newClient(ecdsaSigner) // mints its ECDSA UserSig now, before the upgrade
	require.NoError(t, old.Accounts.Import(ctx, restapi.Account{UserID: "alice"}))

	// An HMAC UserSig is refused while the app is ECDSA-only.
	stray, err := usersig.NewHMACSigner(app.SDKAppID, "0123456789abcdef0123456789abcdef")
	require.NoError(t, err)
	_, err = newClient(stray).Accounts.Check(ctx, "alice")
	assert.True(t, restapi.HasCode(err, restapi.CodeUserSigKey), "%v", err)
	assert.ErrorIs(t, err, restapi.ErrUserSigInvalid)

	srv.Advance(time.Hour)
	_, err = console.Apps.UpgradeSignatureAlgorithm(ctx, app.SDKAppID)
	require.NoError(t, err)
	upgraded, err := console.Apps.Secret(ctx, app.SDKAppID)
	require.NoError(t, err)
	require.NotEmpty(t, upgraded.Key)
	hmacSigner, err := usersig.NewHMACSigner(app.SDKAppID, upgraded.Key)
	require.NoError(t, err)

	_, err = newClient(hmacSigner).Accounts.Check(ctx, "alice")
	require.NoError(t, err, "new HMAC UserSigs are accepted after the upgrade")
	_, err = old.Accounts.Check(ctx, "alice")
	require.NoError(t, err, "an ECDSA UserSig issued before the upgrade stays valid")

	srv.Advance(time.Second)
	_, err = newClient(ecdsaSigner).Accounts.Check(ctx, "alice")
	assert.True(t, restapi.HasCode(err, restapi.CodeUserSigKey), "an ECDSA UserSig issued after the upgrade is refused: %v", err)

	// Once the old client renews its UserSig, it is issued after the
	// upgrade and refused too.
	srv.Advance(20 * time.Hour)
	_, err = old.Accounts.Check(ctx, "alice")
	assert.True(t, restapi.HasCode(err, restapi.CodeUserSigKey), "%v", err)
}
