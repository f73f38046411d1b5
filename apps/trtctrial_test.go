package apps_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
)

// A TRTC trial app (TRTC 体验版) is disabled on the TRTC side first; then
// support disables and deletes it. Its owner can do neither in the IM
// console.
func TestTRTCTrialAppLifecycle(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	svc := srv.Console().Apps
	ctx := context.Background()
	app, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionTRTCTrial})
	require.NoError(t, err)
	assert.Equal(t, apps.EditionTRTCTrial, app.Edition)
	assert.True(t, app.TRTCEnabled, "a TRTC trial app comes from the TRTC console")
	assert.Nil(t, app.ExpiresAt, "a trial has no package to expire")

	ae := requireCode(t, svc.Disable(ctx, app.SDKAppID), "UnsupportedOperation.ContactSupport")
	assert.Contains(t, ae.Message, "TRTC console first")
	ae = requireCode(t, svc.Delete(ctx, app.SDKAppID), "UnsupportedOperation.ContactSupport")
	assert.Contains(t, ae.Message, "TRTC console first")
	got, err := svc.Get(ctx, app.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, apps.StatusEnabled, got.Status, "refused requests change nothing")

	require.Error(t, srv.SupportDelete(app.SDKAppID), "support deletes only Disabled apps")
	require.NoError(t, srv.DisableOnTRTC(app.SDKAppID))
	got, err = svc.Get(ctx, app.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, apps.StatusDisabled, got.Status)
	requireCode(t, svc.Disable(ctx, app.SDKAppID), "FailedOperation.AppDisabled")
	ae = requireCode(t, svc.Delete(ctx, app.SDKAppID), "UnsupportedOperation.ContactSupport")
	assert.Contains(t, ae.Message, "support")

	require.NoError(t, srv.SupportDelete(app.SDKAppID))
	_, err = svc.Get(ctx, app.SDKAppID)
	requireCode(t, err, "ResourceNotFound.App")
	require.Error(t, srv.SupportDelete(app.SDKAppID), "deletion is final")
}

func TestTRTCTrialEditionListedAndFiltered(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	svc := srv.Console().Apps
	ctx := context.Background()
	newApp(t, svc, "plain")
	trtc, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionTRTCTrial})
	require.NoError(t, err)
	page, err := svc.List(ctx, &apps.ListOptions{Edition: apps.EditionTRTCTrial})
	require.NoError(t, err)
	require.Equal(t, 1, page.TotalCount)
	assert.Equal(t, trtc.SDKAppID, page.Apps[0].SDKAppID)
	page, err = svc.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, page.TotalCount)
}

func TestTRTCTrialUpgradesOneWay(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	svc := srv.Console().Apps
	ctx := context.Background()
	app, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionTRTCTrial})
	require.NoError(t, err)

	// TRTCTrial cannot be chosen, from Trial or anywhere else.
	trial := newApp(t, svc, "trial")
	_, err = svc.UpgradeEdition(ctx, trial.SDKAppID, apps.EditionTRTCTrial)
	ae := requireCode(t, err, "InvalidParameterValue.Edition")
	assert.True(t, strings.Contains(ae.Message, "TRTC console"), ae.Message)

	up, err := svc.UpgradeEdition(ctx, app.SDKAppID, apps.EditionPro)
	require.NoError(t, err)
	assert.Equal(t, apps.EditionPro, up.Edition)
	assert.NotNil(t, up.ExpiresAt)
	_, err = svc.UpgradeEdition(ctx, app.SDKAppID, apps.EditionTrial)
	requireCode(t, err, "FailedOperation.DowngradeNotAllowed")

	// Now paid: the paid rules apply, and support deletes it once billing
	// has disabled it.
	requireCode(t, svc.Disable(ctx, app.SDKAppID), "UnsupportedOperation.PaidAppDisable")
	require.NoError(t, srv.Refund(app.SDKAppID))
	srv.Advance(7 * 24 * time.Hour)
	require.NoError(t, srv.SupportDelete(app.SDKAppID))
	_, err = svc.Get(ctx, app.SDKAppID)
	requireCode(t, err, "ResourceNotFound.App")
}

func TestSupportDeleteRefusesOwnerDeletableTrial(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	svc := srv.Console().Apps
	app := newApp(t, svc, "trial")
	require.NoError(t, svc.Disable(context.Background(), app.SDKAppID))
	require.Error(t, srv.SupportDelete(app.SDKAppID), "a Trial app is deleted by its owner")
	require.Error(t, srv.DisableOnTRTC(app.SDKAppID), "only TRTCTrial apps are disabled on the TRTC side")
}
