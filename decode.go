package koperasi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// decodeCommand turns a logged command back into its type: the frequent
// kinds in plain JSON without reflection, everything else with
// encoding/json.
func decodeCommand(kind string, raw json.RawMessage) (Command, error) {
	if c, ok := decodeFast(kind, raw); ok {
		return c, nil
	}
	return decodeStrict(kind, raw)
}

// decodeStrict decodes a command with encoding/json, refusing unknown
// fields and trailing data.
func decodeStrict(kind string, raw json.RawMessage) (Command, error) {
	switch kind {
	case "member.register":
		return dec[RegisterMember](raw)
	case "member.update":
		return dec[UpdateMember](raw)
	case "member.resign":
		return dec[Resign](raw)
	case "savings.pay_pokok":
		return dec[PayPokok](raw)
	case "savings.pay_wajib":
		return dec[PayWajib](raw)
	case "savings.deposit":
		return dec[Deposit](raw)
	case "savings.withdraw":
		return dec[Withdraw](raw)
	case "day.close":
		return dec[CloseDay](raw)
	case reopenKind:
		return dec[ReopenDay](raw)
	case "group.form":
		return dec[FormGroups](raw)
	case "group.create":
		return dec[CreateGroup](raw)
	case "group.appoint_leader":
		return dec[AppointLeader](raw)
	case "group.appoint_supervisor":
		return dec[AppointSupervisor](raw)
	case "goods.stock":
		return dec[StockGoods](raw)
	case "facility.open":
		return dec[OpenFacility](raw)
	case "facility.pledge":
		return dec[Pledge](raw)
	case "facility.close":
		return dec[CloseFunding](raw)
	case "facility.disburse":
		return dec[Disburse](raw)
	case "loan.pay":
		return dec[Pay](raw)
	case "group.collect":
		return dec[Collect](raw)
	case "loan.visit":
		return dec[RecordVisit](raw)
	case "loan.default":
		return dec[DeclareDefault](raw)
	case "loan.write_off":
		return dec[WriteOff](raw)
	case "loan.recover":
		return dec[Recover](raw)
	case "group.close_cycle":
		return dec[CloseCycle](raw)
	case "group.settle_debts":
		return dec[SettleDebts](raw)
	}
	return nil, fmt.Errorf("%w: unknown event kind %q", ErrInvalid, kind)
}

func dec[T Command](raw json.RawMessage) (Command, error) {
	var v T
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %T: %v", ErrInvalid, v, err)
	}
	// More misses a stray ']' or '}'; only the end of the input will do
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: %T: trailing data", ErrInvalid, v)
	}
	return v, nil
}
