import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Form } from 'antd-mobile';
import { SubmitButton } from './submit-button.tsx';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../shared/api.ts';
import type { OwnMember } from '../membership/api.ts';
import { PlacementPreview, usePlacement, type PlacementState } from './placement-preview.tsx';
import { scrollToFirstError } from './scroll.ts';
import { WorkPlaceFields, usableUscc, type WorkPlaceValues } from './work-place-fields.tsx';

/** What the page around the form learns of the new place as it is filled in. */
export interface PlacementView {
  placement: PlacementState;
  /** The preview says the new place keeps the member in their own union. */
  same: boolean;
}

interface WorkPlaceFormProps<V extends WorkPlaceValues> {
  member: OwnMember;
  /** The form's name: its test ids (`<name>-submit`, `-error`, `-placement`) and the preview's wording. */
  name: 'transfer' | 'work';
  intro: string;
  /** A line between the intro and the problem (e.g. that a transfer is already open). */
  notice?: ReactNode;
  initialValues: V;
  /** The form's field names: a problem naming one of them is shown under it, the rest above the form. */
  fields: readonly string[];
  submitLabel: string;
  submitDisabled?: (view: PlacementView) => boolean;
  /** Above the work-place fields (a section header). */
  header?: ReactNode;
  /** Under the placement preview. */
  placementNote: (view: PlacementView) => ReactNode;
  /** Fields after the work place (the transfer's reason). */
  children?: ReactNode;
  /** Sends the values. A problem it throws is shown on the form unless `handled` takes it. */
  onSubmit: (values: V) => Promise<void>;
  handled?: (error: unknown) => boolean;
}

/**
 * The member's current union, then a form for a new work place with the live placement preview: the
 * scaffold of the H5's transfer and change-of-work pages, which differ only in what they send and say.
 */
export function WorkPlaceForm<V extends WorkPlaceValues>(props: WorkPlaceFormProps<V>) {
  const { member, name, fields, onSubmit, handled } = props;
  const [form] = Form.useForm<V>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const trade = Form.useWatch<WorkPlaceValues['trade']>('trade', form);
  const workRegionCode = Form.useWatch<string | undefined>('workRegionCode', form);
  const employerUscc = Form.useWatch<string | undefined>('employerUscc', form);
  const placement = usePlacement(trade, workRegionCode, usableUscc(employerUscc));
  const view: PlacementView = { placement, same: placement.state === 'ready' && placement.placement.orgId === member.orgId };

  useEffect(() => {
    if (problem) problemRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [problem]);

  const submit = async (values: V) => {
    setProblem(null);
    setSubmitting(true);
    try {
      await onSubmit(values);
    } catch (error) {
      if (handled?.(error)) return;
      const { byField, rest } = fieldErrors(error, fields);
      const named = Object.entries(byField);
      form.setFields(named.map(([field, errors]) => ({ name: field, errors })));
      if (rest.length > 0) setProblem(joinMessages(rest));
      else if (named.length === 0) setProblem(errorText(error));
      else scrollToFirstError();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <CurrentUnion member={member} />
      <p className="gh-form-intro">{props.intro}</p>
      {props.notice}
      {problem && (
        <div className="gh-problem" role="alert" data-testid={`${name}-error`} ref={problemRef}>
          {problem}
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={props.initialValues}
        onFinish={(values: V) => void submit(values)}
        onFinishFailed={() => scrollToFirstError()}
        footer={
          <SubmitButton loading={submitting} disabled={props.submitDisabled?.(view) ?? false} testId={`${name}-submit`}>
            {props.submitLabel}
          </SubmitButton>
        }
      >
        {props.header}
        <WorkPlaceFields form={form} prefix={name} />
        <div className="gh-placement-slot">
          <PlacementPreview placement={placement} trade={trade} mode={name} testId={`${name}-placement`} />
          {props.placementNote(view)}
        </div>
        {props.children}
      </Form>
    </>
  );
}

export function CurrentUnion({ member }: { member: OwnMember }) {
  const { t } = useTranslation();
  return (
    <div className="gh-current-union" data-testid="transfer-current-union">
      <span className="gh-muted">{t('memberMembership.transfer.currentUnion')}</span>
      <strong>{member.orgName}</strong>
    </div>
  );
}
