package certs_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/certs"
)

// The FCM form toggles 通知消息 vs 数据消息 (im-facts, Per vendor fields:
// "Console toggles FCM 通知消息 vs 数据消息 (1047/60547)"); IM only
// supports vendors' notification-bar messages (im-facts, General flow:
// "IM only supports vendors' notification-bar messages"), so a
// certificate that does not say is a Notification one.
func TestFCMMessageType(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		sent certs.FCMMessageType
		want certs.FCMMessageType
	}{
		{"absent is Notification", "", certs.FCMNotification},
		{"Notification", certs.FCMNotification, certs.FCMNotification},
		{"Data", certs.FCMData, certs.FCMData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			got, err := console.Certs.CreateAndroid(t.Context(), id, certs.FCM{ServiceAccountJSON: serviceAccount(t), MessageType: tc.sent}, certs.ClickAction{})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.MessageType)
			again, err := console.Certs.Get(t.Context(), id, got.CertificateID)
			require.NoError(t, err)
			assert.Equal(t, tc.want, again.MessageType)
			stored, _ := srv.PushCertificateFields(id, got.CertificateID)
			assert.Equal(t, tc.want, stored.MessageType)
		})
	}
	assert.Equal(t, []certs.FCMMessageType{certs.FCMNotification, certs.FCMData}, certs.FCMMessageTypes())
}

func TestFCMMessageTypeRefusalsAndUpdate(t *testing.T) {
	t.Parallel()
	runCreateRefusals(t, []createCase{
		{"lower case", func(t *testing.T, id uint64) *certs.CreateRequest {
			return certs.NewCreateRequest(id, certs.FCM{ServiceAccountJSON: serviceAccount(t), MessageType: "data"}, certs.ClickAction{})
		}, "InvalidParameterValue.MessageType", `"data"`},
		{"unknown", func(t *testing.T, id uint64) *certs.CreateRequest {
			return certs.NewCreateRequest(id, certs.FCM{ServiceAccountJSON: serviceAccount(t), MessageType: "Silent"}, certs.ClickAction{})
		}, "InvalidParameterValue.MessageType", "Notification or Data"},
		{"on another vendor", func(t *testing.T, id uint64) *certs.CreateRequest {
			req := certs.NewCreateRequest(id, huawei(), certs.ClickAction{})
			req.MessageType = certs.FCMData
			return req
		}, "InvalidParameter", "MessageType does not apply to Huawei"},
	})
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		srv, console, id := setup(t)
		created, err := console.Certs.CreateAndroid(t.Context(), id, certs.FCM{ServiceAccountJSON: serviceAccount(t)}, certs.ClickAction{})
		require.NoError(t, err)
		got, err := console.Certs.Update(t.Context(), id, created.CertificateID, certs.Update{Credential: certs.FCM{MessageType: certs.FCMData}})
		require.NoError(t, err)
		assert.Equal(t, certs.FCMData, got.MessageType)
		stored, _ := srv.PushCertificateFields(id, created.CertificateID)
		assert.Equal(t, string(serviceAccount(t)), stored.ServiceAccountJSON, "an empty service account keeps the stored one")
		got, err = console.Certs.Update(t.Context(), id, created.CertificateID, certs.Update{Credential: certs.FCM{ServiceAccountJSON: []byte(certs.Masked)}})
		require.NoError(t, err)
		assert.Equal(t, certs.FCMData, got.MessageType, "an empty MessageType keeps the stored one")
		before := len(srv.Requests())
		_, err = console.Certs.Modify(t.Context(), &certs.UpdateRequest{SDKAppID: id, CertificateID: created.CertificateID, Fields: certs.Fields{MessageType: "Push"}})
		requireLocal(t, srv, before, err, "InvalidParameterValue.MessageType")
	})
}
