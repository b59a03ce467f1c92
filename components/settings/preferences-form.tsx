"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { apiRequest } from "@/components/chat/api-request";
import { Button } from "@/components/ui/button";

export interface PreferencesValue {
  customInstructions: string;
  defaultModelId: string;
  sendKey: "enter" | "mod-enter";
}

const SEND_KEY_OPTIONS = [
  { value: "enter", label: "Enter sends, Shift+Enter adds a line" },
  { value: "mod-enter", label: "Ctrl/⌘+Enter sends, Enter adds a line" },
] as const;

/** Settings → Personalisation: saved to the account through the REST API, so every device agrees. */
export function PreferencesForm({
  initial,
  models,
  maxInstructions,
}: {
  initial: PreferencesValue;
  models: { id: string; label: string }[];
  maxInstructions: number;
}) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ids = { instructions: useId(), model: useId(), hint: useId() };
  const set = <K extends keyof PreferencesValue>(key: K, next: PreferencesValue[K]) => {
    setValue((current) => ({ ...current, [key]: next }));
    setNotice(null);
  };

  return (
    <form
      className="flex max-w-2xl flex-col gap-6"
      onSubmit={async (event) => {
        event.preventDefault();
        setSaving(true);
        setError(null);
        try {
          await apiRequest("PATCH", "/me/preferences", {
            custom_instructions: value.customInstructions.trim() || null,
            default_model: value.defaultModelId || null,
            send_key: value.sendKey,
          });
          setNotice("Saved.");
          router.refresh();
        } catch (failure) {
          setError((failure as Error).message);
        } finally {
          setSaving(false);
        }
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.instructions} className="text-sm font-medium">
          Custom instructions
        </label>
        <p id={ids.hint} className="text-xs text-zinc-500 dark:text-zinc-400">
          Sent to the model in every conversation, after the conversation’s own system prompt (which wins where the two
          disagree). E.g. “I am a nurse in Lisbon; answer briefly.”
        </p>
        <textarea
          id={ids.instructions}
          aria-describedby={ids.hint}
          value={value.customInstructions}
          maxLength={maxInstructions}
          rows={6}
          onChange={(event) => set("customInstructions", event.target.value)}
          className="w-full resize-y rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm leading-6 outline-none focus:border-blue-500 focus:ring-2 focus:ring-blue-500/30 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.model} className="text-sm font-medium">
          Default model
        </label>
        <select
          id={ids.model}
          value={value.defaultModelId}
          onChange={(event) => set("defaultModelId", event.target.value)}
          className="w-fit rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">Parley’s default</option>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <RadioGroup
        legend="Send key"
        name="sendKey"
        options={SEND_KEY_OPTIONS}
        value={value.sendKey}
        onChange={(sendKey) => set("sendKey", sendKey)}
      />
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save preferences"}
        </Button>
        <span role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {notice}
        </span>
      </div>
    </form>
  );
}

/** One choice out of a few, as labelled radio buttons under a legend. */
function RadioGroup<V extends string>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
}) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
